// The import plan: what must be written so that the graph holds a configuration, compared with what it holds now.
// Only what differs is written (a flag whose metadata and targeting already match is not touched). Each flag that
// differs is one `importFlag`: metadata, archived state and targeting in one audited write carrying the version it
// was planned against, so a flag is never half-imported, re-running an import writes nothing, and a concurrent
// edit makes the write fail with CONFLICT instead of being overwritten.

import { type FlagEnvironmentConfig, validateEnvironmentConfig } from '@switchyard/core';
import type {
  ExportedCondition,
  ExportedFlag,
  ExportedSegment,
  ExportedServe,
  ExportedTargeting,
  SwitchyardExport,
} from '../export/format';
import type { GraphState } from '../export/read-graph';

/** Something of the source that could not be carried over (error) or is carried over with a difference (warning). */
export interface Problem {
  severity: 'error' | 'warning';
  /** `flag <key>`, `segment <key>`, `environment <key>`. */
  subject: string;
  /** Where in the source: `strategy flexibleRollout#2 constraint[0]`, `rules[1].clauses[0]`. */
  construct: string;
  reason: string;
}

export type WriteKind = 'createEnvironment' | 'createSegment' | 'updateSegment' | 'importFlag';

export interface PlannedWrite {
  kind: WriteKind;
  /** Flag, segment or environment key. */
  key: string;
  /** importFlag: whether the flag exists (then the write carries its version). */
  replaces?: boolean;
  /** What changes, for the printed plan. */
  detail: string;
  /** The mutation's input (without versions, which are read at write time). */
  input: Record<string, unknown>;
}

export interface ImportPlan {
  writes: PlannedWrite[];
  problems: Problem[];
  /** Flags and segments already as the file says. */
  unchanged: { flags: number; segments: number };
  /** Subjects left out because of errors (with --skip-errors). */
  skipped: string[];
}

/** JSON with object keys sorted: equal configurations give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function condition(c: ExportedCondition) {
  return {
    attribute: c.attribute,
    operator: c.operator,
    values: c.values,
    negate: c.negate ?? false,
    caseInsensitive: c.caseInsensitive ?? false,
    regexFlags: c.regexFlags || null,
  };
}

function serve(s: ExportedServe) {
  return s.rollout
    ? {
        rollout: {
          variations: s.rollout.variations.map((v) => ({ variation: v.variation, weight: v.weight })),
          bucketBy: s.rollout.bucketBy ?? null,
          salt: s.rollout.salt ?? null,
        },
      }
    : { variation: s.variation ?? null };
}

const instant = (t: string | null | undefined) => (t ? new Date(t).toISOString() : null);

/** The targeting as `updateTargeting` takes it; also the form compared for changes. */
export function targetingInput(t: ExportedTargeting) {
  return {
    enabled: t.enabled,
    offVariation: t.offVariation,
    targets: t.targets.map((x) => ({ variation: x.variation, values: x.values })),
    rules: t.rules.map((r) => ({
      id: r.id,
      description: r.description ?? null,
      conditions: r.conditions.map(condition),
      serve: serve(r.serve),
    })),
    fallthrough: serve(t.fallthrough),
    startsAt: instant(t.startsAt),
    endsAt: instant(t.endsAt),
    prerequisites: t.prerequisites.map((p) => ({
      flagKey: p.flagKey,
      variation: p.variation ?? null,
      variations: p.variations ?? null,
      off: p.off ?? null,
    })),
  };
}

function flagMetadata(f: ExportedFlag) {
  return {
    name: f.name,
    description: f.description ?? null,
    tags: f.tags,
    owner: f.owner ?? null,
    variations: f.variations.map((v) => ({
      key: v.key,
      name: v.name ?? null,
      description: v.description ?? null,
      value: v.value,
    })),
  };
}

function segmentInput(s: ExportedSegment) {
  return {
    name: s.name,
    description: s.description ?? null,
    included: [...new Set(s.included)].sort(),
    excluded: [...new Set(s.excluded)].sort(),
    rules: s.rules.map((r) => ({ id: r.id, conditions: r.conditions.map(condition) })),
  };
}

/** What `createFlag` gives every environment: off, serving the last variation when off and the first otherwise. */
function createdTargeting(f: ExportedFlag): ExportedTargeting {
  return {
    enabled: false,
    offVariation: f.variations[f.variations.length - 1]!.key,
    targets: [],
    rules: [],
    fallthrough: { variation: f.variations[0]!.key },
    prerequisites: [],
  };
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return Object.keys(a).filter((k) => !same(a[k], b[k]));
}

/** Segments referring to other segments come after them (a cycle is left to the server to refuse). */
function segmentOrder(segments: ExportedSegment[]): ExportedSegment[] {
  const byKey = new Map(segments.map((s) => [s.key, s]));
  const done = new Set<string>();
  const out: ExportedSegment[] = [];
  const visit = (s: ExportedSegment, depth: number) => {
    if (done.has(s.key) || depth > segments.length) return;
    for (const c of s.rules.flatMap((r) => r.conditions))
      if (c.operator === 'inSegment')
        for (const v of c.values) {
          const dep = typeof v === 'string' ? byKey.get(v) : undefined;
          if (dep && dep !== s) visit(dep, depth + 1);
        }
    if (!done.has(s.key)) {
      done.add(s.key);
      out.push(s);
    }
  };
  for (const s of segments) visit(s, 0);
  return out;
}

/** Flags after the flags they name as prerequisites, so each import finds its parents written. */
function prerequisiteOrder(flags: ExportedFlag[]): ExportedFlag[] {
  const byKey = new Map(flags.map((f) => [f.key, f]));
  const done = new Set<string>();
  const out: ExportedFlag[] = [];
  const visit = (f: ExportedFlag, depth: number) => {
    if (done.has(f.key) || depth > flags.length) return;
    for (const t of Object.values(f.environments))
      for (const p of t.prerequisites) {
        const parent = byKey.get(p.flagKey);
        if (parent && parent !== f) visit(parent, depth + 1);
      }
    if (!done.has(f.key)) {
      done.add(f.key);
      out.push(f);
    }
  };
  for (const f of flags) visit(f, 0);
  return out;
}

/** Problems the server would refuse, found before anything is written (core validation, type changes). */
function validationProblems(desired: SwitchyardExport, current: GraphState): Problem[] {
  const problems: Problem[] = [];
  const segmentKeys = new Set([...current.config.segments, ...desired.segments].map((s) => s.key));
  const knownFlags = new Map(
    current.config.flags.filter((f) => !f.archived).map((f) => [f.key, f.variations.map((v) => v.key)]),
  );
  for (const f of desired.flags) {
    if (f.archived) knownFlags.delete(f.key);
    else
      knownFlags.set(
        f.key,
        f.variations.map((v) => v.key),
      );
  }
  const envKeys = new Set([...current.config.environments, ...desired.environments].map((e) => e.key));
  const currentFlags = new Map(current.config.flags.map((f) => [f.key, f]));
  for (const f of desired.flags) {
    const subject = `flag ${f.key}`;
    const existing = currentFlags.get(f.key);
    if (existing && existing.type !== f.type)
      problems.push({
        severity: 'error',
        subject,
        construct: 'type',
        reason: `the flag exists as ${existing.type}; a flag's type never changes (file says ${f.type})`,
      });
    for (const [env, t] of Object.entries(f.environments)) {
      if (!envKeys.has(env))
        problems.push({
          severity: 'error',
          subject,
          construct: `environments.${env}`,
          reason: 'unknown environment',
        });
      const config = targetingInput(t) as unknown as FlagEnvironmentConfig;
      for (const p of validateEnvironmentConfig(config, f, segmentKeys, `environments.${env}`, {
        knownFlags,
      }))
        problems.push({ severity: 'error', subject, construct: p.path, reason: p.message });
    }
  }
  return problems;
}

function subjectsWithErrors(problems: Problem[]): Set<string> {
  return new Set(problems.filter((p) => p.severity === 'error').map((p) => p.subject));
}

/** Leaves out the flags and segments named by errors, and what then refers to something left out. */
function withoutErrors(
  desired: SwitchyardExport,
  current: GraphState,
  problems: Problem[],
): { config: SwitchyardExport; problems: Problem[]; skipped: string[] } {
  let config = desired;
  let all = [...problems, ...validationProblems(config, current)];
  for (let round = 0; round < 10; round++) {
    const bad = subjectsWithErrors(all);
    const next: SwitchyardExport = {
      ...config,
      segments: config.segments.filter((s) => !bad.has(`segment ${s.key}`)),
      flags: config.flags.filter((f) => !bad.has(`flag ${f.key}`)),
    };
    if (next.segments.length === config.segments.length && next.flags.length === config.flags.length) break;
    config = next;
    all = [...all, ...validationProblems(config, current)].filter(
      (p, i, list) => list.findIndex((q) => canonicalJson(q) === canonicalJson(p)) === i,
    );
  }
  const bad = subjectsWithErrors(all);
  return { config, problems: all, skipped: [...bad].sort() };
}

export function planImport(
  desired: SwitchyardExport,
  current: GraphState,
  mappingProblems: Problem[],
  options: { skipErrors?: boolean; project?: string | null } = {},
): ImportPlan {
  const checked = withoutErrors(desired, current, [
    ...mappingProblems,
    ...unusedEnvironments(desired, current, options.project ?? null),
  ]);
  const problems = checked.problems;
  if (!options.skipErrors && problems.some((p) => p.severity === 'error'))
    return { writes: [], problems, unchanged: { flags: 0, segments: 0 }, skipped: [] };
  const config = options.skipErrors ? checked.config : desired;
  const writes: PlannedWrite[] = [];
  const unchanged = { flags: 0, segments: 0 };

  const envs = new Set(current.config.environments.map((e) => e.key));
  for (const e of config.environments)
    if (!envs.has(e.key) && !options.project)
      writes.push({
        kind: 'createEnvironment',
        key: e.key,
        detail: `"${e.name}"`,
        input: { key: e.key, name: e.name },
      });

  const segments = new Map(current.config.segments.map((s) => [s.key, s]));
  for (const s of segmentOrder(config.segments)) {
    const want = segmentInput(s);
    const have = segments.get(s.key);
    if (!have)
      writes.push({
        kind: 'createSegment',
        key: s.key,
        detail: `${s.rules.length} rules`,
        input: { key: s.key, ...want },
      });
    else {
      const fields = changedFields(want, segmentInput(have));
      if (fields.length === 0) unchanged.segments++;
      else
        writes.push({
          kind: 'updateSegment',
          key: s.key,
          detail: fields.join(', '),
          input: Object.fromEntries(fields.map((k) => [k, want[k as keyof typeof want]])),
        });
    }
  }

  const flags = new Map(current.config.flags.map((f) => [f.key, f]));
  for (const f of prerequisiteOrder(config.flags)) {
    const have = flags.get(f.key);
    const meta = flagMetadata(f);
    const changes: string[] = [];
    if (have) {
      changes.push(...changedFields(meta, flagMetadata(have)));
      if (have.archived !== f.archived) changes.push(f.archived ? 'archived' : 'restored');
    }
    const environments = Object.entries(f.environments).map(([env, t]) => {
      const want = targetingInput(t);
      const fields = changedFields(want, targetingInput(have?.environments[env] ?? createdTargeting(f)));
      if (have && fields.length > 0) changes.push(`${env}: ${fields.join(', ')}`);
      return { environment: env, targeting: want };
    });
    if (have && changes.length === 0) {
      unchanged.flags++;
      continue;
    }
    writes.push({
      kind: 'importFlag',
      key: f.key,
      replaces: have !== undefined,
      detail: have
        ? changes.join('; ')
        : `new ${f.type}, ${f.variations.length} variations${environments.length ? `; ${environments.map((e) => e.environment).join(', ')}` : ''}${f.archived ? '; archived' : ''}`,
      input: { key: f.key, type: f.type, ...meta, archived: f.archived, environments },
    });
  }
  return { writes, problems, unchanged, skipped: options.skipErrors ? checked.skipped : [] };
}

export function formatProblem(p: Problem): string {
  return `${p.severity === 'error' ? 'error  ' : 'warning'} ${p.subject}: ${p.construct}: ${p.reason}`;
}

export function formatPlan(plan: ImportPlan): string {
  const lines = plan.writes.map((w) => `${w.kind.padEnd(16)} ${w.key}${w.detail ? ` (${w.detail})` : ''}`);
  lines.push(
    `${plan.writes.length} writes; unchanged: ${plan.unchanged.flags} flags, ${plan.unchanged.segments} segments`,
  );
  if (plan.skipped.length > 0) lines.push(`skipped because of errors: ${plan.skipped.join(', ')}`);
  lines.push(...plan.problems.map(formatProblem));
  return lines.join('\n');
}

/**
 * Into another project than `default`, environments are not created: one the file uses that the project does
 * not is an error (the project must be given it first), since a new environment would join only `default`.
 */
function unusedEnvironments(
  desired: SwitchyardExport,
  current: GraphState,
  project: string | null,
): Problem[] {
  if (!project) return [];
  const used = new Set(current.config.environments.map((e) => e.key));
  return desired.environments
    .filter((e) => !used.has(e.key))
    .map((e) => ({
      severity: 'error' as const,
      subject: `environment ${e.key}`,
      construct: 'environments',
      reason: `project "${project}" does not use environment "${e.key}": add it to the project first (Projects page, or updateProject)`,
    }));
}
