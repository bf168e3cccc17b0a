'use client';

import type { FlagConfig, Segment } from '@switchyard/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../../lib/gql';
import { graphErrors } from '../../../lib/graph-errors';
import { ErrorList, FieldError } from '../../components/ui';
import type { FlagDetail, FlagEnv } from './flag-queries';
import { draftFlagConfig, type PreviewOutcome, previewDraft } from './preview-model';
import type { TargetingDraft } from './targeting-model';

// Segments and the other flags (for inSegment and prerequisites), as the SDKs get them.
const PreviewFlagSetDocument = graphql(`
  query PreviewFlagSet($environment: String!, $project: String) {
    flagSet(environment: $environment, project: $project) {
      environment
      version
      flags
      segments
    }
  }
`);

/**
 * "Test a context": which variation, and why, the draft targeting gives a context — evaluated in
 * the browser with @switchyard/core, the SDKs' own evaluator, before anything is saved.
 */
export function TargetingPreview({
  flag,
  env,
  draft,
}: {
  flag: FlagDetail;
  env: FlagEnv;
  draft: TargetingDraft;
}) {
  const [open, setOpen] = useState(false);
  const [contextText, setContextText] = useState('{\n  "key": "user-1"\n}');
  const [{ data, error }] = useQuery({
    query: PreviewFlagSetDocument,
    variables: { environment: env.environment },
    pause: !open,
  });
  if (!open) {
    return (
      <div className="preview">
        <button type="button" className="button" onClick={() => setOpen(true)}>
          Test a context
        </button>
      </div>
    );
  }
  const set = data
    ? { flags: data.flagSet.flags as FlagConfig[], segments: data.flagSet.segments as Segment[] }
    : null;
  const outcome: PreviewOutcome | null = set
    ? previewDraft(draftFlagConfig(flag, env, draft), contextText, set)
    : null;
  const inputId = `preview-context-${env.environment}`;
  return (
    <section className="preview" aria-labelledby={`${inputId}-title`} data-testid="targeting-preview">
      <h3 id={`${inputId}-title`}>Test a context</h3>
      <p className="muted">Evaluated in your browser against the targeting above, unsaved edits included.</p>
      <ErrorList messages={graphErrors(error).general} title="Segments could not be loaded." />
      <div className="toolbar">
        <div className="field grow">
          <label htmlFor={inputId}>Context (JSON)</label>
          <textarea
            id={inputId}
            rows={4}
            spellCheck={false}
            value={contextText}
            aria-invalid={outcome && !outcome.ok ? true : undefined}
            aria-describedby={`${inputId}-error`}
            onChange={(e) => setContextText(e.target.value)}
          />
          <FieldError
            id={`${inputId}-error`}
            message={outcome && !outcome.ok ? outcome.message : undefined}
          />
        </div>
        <output htmlFor={inputId} className="preview__result" data-testid="preview-result" aria-live="polite">
          {outcome?.ok ? <Outcome outcome={outcome} /> : outcome ? null : 'Loading segments…'}
        </output>
      </div>
      <button type="button" className="button button--small" onClick={() => setOpen(false)}>
        Close the test
      </button>
    </section>
  );
}

function Outcome({ outcome }: { outcome: Extract<PreviewOutcome, { ok: true }> }) {
  const { result, experimentRuleCount } = outcome;
  const r = result.reason;
  let why: string = r.kind;
  if (r.kind === 'RULE_MATCH' && r.ruleIndex !== undefined) {
    why =
      r.ruleIndex < experimentRuleCount
        ? `RULE_MATCH (experiment rule ${r.ruleId})`
        : `RULE_MATCH (rule ${r.ruleIndex - experimentRuleCount + 1})`;
  } else if (r.kind === 'PREREQUISITE_FAILED') {
    why = `PREREQUISITE_FAILED (${r.prerequisiteKey})`;
  } else if (r.kind === 'ERROR') {
    why = `ERROR (${r.errorCode}: ${r.errorMessage})`;
  }
  return (
    <dl className="kv">
      <dt>Variation</dt>
      <dd data-testid="preview-variation">{result.variation ?? '—'}</dd>
      <dt>Value</dt>
      <dd>
        <code>{JSON.stringify(result.value)}</code>
      </dd>
      <dt>Reason</dt>
      <dd data-testid="preview-reason">
        {why}
        {r.inExperiment ? ` · in experiment ${r.experimentKey}` : ''}
      </dd>
    </dl>
  );
}
