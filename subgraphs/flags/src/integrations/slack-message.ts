import { diffFields } from './change-diff';
import { consoleAddress, flagPage } from './console-link';
import { digestLines, digestSubject } from './flag-digest-message';
import { consoleLink, type OutboxChange, placeOf, waitsForReview } from './outbox-change';

/** A Slack incoming-webhook message: `text` is the notification fallback, `blocks` the Block Kit body. */
export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

// Slack refuses a section text over 3,000 characters.
const SECTION_CHARS = 2900;

const mrkdwn = (text: string) => ({
  type: 'section',
  text: { type: 'mrkdwn', text: text.length > SECTION_CHARS ? `${text.slice(0, SECTION_CHARS)}…` : text },
});

/** Slack's mrkdwn needs &, < and > escaped in user text. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function headline(c: OutboxChange): string {
  const who = esc(c.actor.name);
  const where = placeOf(c, (name) => `*${esc(name)}*`);
  const after = (c.after ?? {}) as Record<string, unknown>;
  if (waitsForReview(c)) {
    return `:raising_hand: Change request \`${esc(c.resourceKey)}\` by ${who} is waiting for approval${where}`;
  }
  switch (c.action) {
    case 'release_plan.advanced':
      return `:arrow_forward: Release plan \`${esc(c.resourceKey)}\` advanced${where}`;
    case 'release_plan.rolled_back':
      return `:rewind: Release plan \`${esc(c.resourceKey)}\` rolled back${where}: the guard fired`;
    case 'scheduled_change.failed':
      return `:x: A scheduled change of \`${esc(String(after.flagKey ?? c.resourceKey))}\` was not applied${where}: ${esc(String(after.reason ?? ''))}`;
    case 'change_request.conflicted':
      return `:x: Change request \`${esc(c.resourceKey)}\` could not be applied${where}: ${esc(String(after.reason ?? ''))}`;
    case 'integration.disabled':
      return `:warning: Integration *${esc(String(after.name ?? c.resourceKey))}* was disabled after failing: ${esc(String(after.disabledReason ?? ''))}`;
    case 'integration.test':
      return ':wave: A test message from Switchyard';
    case 'flag.digest':
      return `:broom: ${digestSubject(after)}`;
    case 'experiment.significant':
      return `:bar_chart: Experiment \`${esc(c.resourceKey)}\` reached significance${where}: variant \`${esc(String(after.variant))}\` is ${after.direction === 'WORSE' ? 'worse' : 'better'} than control on *${esc(String(after.metricName ?? after.metricKey))}*`;
    case 'experiment.guardrail_violated':
      return `:rotating_light: Experiment \`${esc(c.resourceKey)}\`${where}: variant \`${esc(String(after.variant))}\` violates the guardrail *${esc(String(after.metricName ?? after.metricKey))}*`;
    case 'experiment.sample_ratio_mismatch':
      return `:rotating_light: Experiment \`${esc(c.resourceKey)}\`${where}: sample ratio mismatch, its results are not to be trusted until the cause is found`;
    default:
      return `*${esc(c.resourceType)}* \`${esc(c.resourceKey)}\` ${esc(c.action.split('.').slice(1).join(' '))}${where} by ${who}`;
  }
}

const percent = (x: unknown) =>
  typeof x === 'number' ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %` : null;
const interval = (u: unknown) => {
  const i = u as { estimate: number; lower: number; upper: number } | null;
  return i ? `${percent(i.estimate)} (${percent(i.lower)} to ${percent(i.upper)})` : null;
};
const pValue = (p: unknown) => (typeof p === 'number' ? (p < 0.0001 ? '< 0.0001' : p.toPrecision(2)) : null);

/** The numbers behind an experiment alert, as Slack fields (null ones are left out). */
const EXPERIMENT_FACTS: Record<string, (a: Record<string, unknown>) => [string, unknown][]> = {
  'experiment.significant': (a) => [
    ['Relative uplift', interval(a.relativeUplift)],
    ['Adjusted p-value', pValue(a.adjustedPValue)],
    ['Method', a.method],
    ['Users in variant', a.users],
  ],
  'experiment.guardrail_violated': (a) => [
    ['Relative change', interval(a.relativeUplift)],
    ['Threshold', typeof a.threshold === 'number' ? `${(a.threshold * 100).toFixed(1)} % worse` : null],
    ['Users in variant', a.users],
  ],
  'experiment.sample_ratio_mismatch': (a) => [
    ['Observed users', Array.isArray(a.observed) ? a.observed.join(' / ') : null],
    ['Expected', Array.isArray(a.expected) ? a.expected.join(' / ') : null],
    ['p-value', pValue(a.pValue)],
  ],
};

/** The Block Kit message for one change: headline, the diff (or the guard that fired), a link. */
export function slackMessage(change: OutboxChange, consoleUrl: string): SlackMessage {
  const title = headline(change);
  const blocks: Record<string, unknown>[] = [mrkdwn(title)];
  const after = (change.after ?? {}) as Record<string, unknown>;
  if (change.action === 'release_plan.rolled_back' && after.guard) {
    blocks.push(mrkdwn(`*Guard*\n\`\`\`${JSON.stringify(after.guard, null, 2)}\`\`\``));
    const facts = ['observed', 'threshold', 'sample'].filter((k) => after[k] !== undefined);
    if (facts.length > 0)
      blocks.push({
        type: 'section',
        fields: facts.map((k) => ({ type: 'mrkdwn', text: `*${k}*\n${JSON.stringify(after[k])}` })),
      });
  } else if (change.action === 'flag.digest') {
    blocks.push(
      mrkdwn(
        digestLines(after)
          .map((l) =>
            'heading' in l
              ? `*${esc(l.heading)}*`
              : 'more' in l
                ? `• ${esc(l.more)}`
                : `• <${consoleAddress(consoleUrl, flagPage(l.flagKey), change.project)}|${esc(l.flagKey)}>${esc(l.text)}`,
          )
          .join('\n'),
      ),
    );
  } else if (change.action in EXPERIMENT_FACTS) {
    const facts = EXPERIMENT_FACTS[change.action]!(after).filter(([, v]) => v != null);
    if (facts.length > 0)
      blocks.push({
        type: 'section',
        fields: facts.map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}*\n${esc(String(v))}` })),
      });
  } else if (change.before !== null || change.after !== null) {
    const diff = diffFields(change.before, change.after);
    if (diff.length > 0)
      blocks.push(
        mrkdwn(
          `*Changes*\n${diff.map((d) => `• \`${esc(d.field)}\`: ${esc(d.before)} → ${esc(d.after)}`).join('\n')}`,
        ),
      );
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `seq ${change.seq} · ${esc(change.actor.name)} · ${change.at}` }],
  });
  if (change.seq > 0)
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open in Switchyard' },
          url: consoleLink(consoleUrl, change),
        },
      ],
    });
  return { text: title.replace(/[*`]/g, ''), blocks };
}
