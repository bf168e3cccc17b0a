import { diffFields } from './change-diff';
import { consoleLink, type OutboxChange, waitsForReview } from './outbox-change';

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
  const where = c.environment ? ` in *${esc(c.environment)}*` : '';
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
    default:
      if (c.action.startsWith('experiment.') && after.srm)
        return `:rotating_light: Experiment \`${esc(c.resourceKey)}\`: sample ratio mismatch`;
      return `*${esc(c.resourceType)}* \`${esc(c.resourceKey)}\` ${esc(c.action.split('.').slice(1).join(' '))}${where} by ${who}`;
  }
}

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
