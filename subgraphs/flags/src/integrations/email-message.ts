import { diffFields } from './change-diff';
import { consoleAddress, flagPage } from './console-link';
import { type DigestLine, digestLines, digestSubject, digestText } from './flag-digest-message';
import { consoleLink, type OutboxChange, placeOf, waitsForReview } from './outbox-change';

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What is worth an email: a person has to act or know at once. Anything else goes unsent. */
function subjectOf(c: OutboxChange): string | null {
  const after = (c.after ?? {}) as Record<string, unknown>;
  const where = placeOf(c);
  const inProject = placeOf({ ...c, environment: null });
  if (waitsForReview(c)) return `Change request ${c.resourceKey}${inProject} is waiting for your approval`;
  switch (c.action) {
    case 'release_plan.rolled_back':
      return `Release plan ${c.resourceKey} was rolled back${where}`;
    case 'scheduled_change.failed':
      return `A scheduled change of ${String(after.flagKey ?? c.resourceKey)} was not applied${where}: ${String(after.reason ?? 'see the flag')}`;
    case 'change_request.conflicted':
      return `Change request ${c.resourceKey}${inProject} could not be applied: ${String(after.reason ?? 'see the request')}`;
    case 'integration.disabled':
      return `Integration "${String(after.name ?? c.resourceKey)}" was disabled after failing`;
    case 'user.deactivated':
      return `User ${c.resourceKey} was deactivated`;
    case 'integration.test':
      return 'A test email from Switchyard';
    case 'flag.digest':
      return digestSubject(c.after);
    default:
      return null;
  }
}

/** The digest's lines as headings and lists, each flag linking its page. */
function digestHtml(lines: DigestLine[], flagLink: (flagKey: string) => string): string {
  let out = '';
  let open = false;
  for (const line of lines) {
    if ('heading' in line) {
      if (open) out += '</ul>';
      open = false;
      out += `<p><strong>${html(line.heading)}</strong></p>`;
      continue;
    }
    if (!open) out += '<ul>';
    open = true;
    out +=
      'more' in line
        ? `<li>${html(line.more)}</li>`
        : `<li><a href="${html(flagLink(line.flagKey))}">${html(line.flagKey)}</a>${html(line.text)}</li>`;
  }
  return open ? `${out}</ul>` : out;
}

/** Plain-text and HTML bodies of one notification email, or null when the change is not emailed. */
export function emailMessage(change: OutboxChange, consoleUrl: string): EmailMessage | null {
  const subject = subjectOf(change);
  if (!subject) return null;
  const link = consoleLink(consoleUrl, change);
  // A digest reads as its list of flags; any other change as the diff of its fields.
  const digest = change.action === 'flag.digest' ? digestLines(change.after) : null;
  const diff = digest ? [] : diffFields(change.before, change.after);
  const lines = [
    subject,
    '',
    `By ${change.actor.name} at ${change.at}${placeOf(change)}.`,
    ...(diff.length > 0 ? ['', ...diff.map((d) => `- ${d.field}: ${d.before} -> ${d.after}`)] : []),
    ...(digest ? ['', ...digestText(digest)] : []),
    '',
    `Open it: ${link}`,
    '',
    `(Switchyard change ${change.seq}, ${change.action})`,
  ];
  const body = `<p><strong>${html(subject)}</strong></p>
<p>By ${html(change.actor.name)} at ${html(change.at)}${placeOf(change, (name) => `<code>${html(name)}</code>`)}.</p>
${diff.length > 0 ? `<ul>${diff.map((d) => `<li><code>${html(d.field)}</code>: ${html(d.before)} &rarr; ${html(d.after)}</li>`).join('')}</ul>` : ''}
${digest ? digestHtml(digest, (flagKey) => consoleAddress(consoleUrl, flagPage(flagKey), change.project)) : ''}
<p><a href="${html(link)}">Open it in Switchyard</a></p>
<p style="color:#666">Switchyard change ${change.seq}, ${html(change.action)}</p>`;
  return { subject: `[Switchyard] ${subject}`, text: lines.join('\n'), html: body };
}
