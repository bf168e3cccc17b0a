/** The flag-debt digest (`flag.digest`, see lifecycle-job.ts) as lines for Slack and email. */
interface DigestFlag {
  key: string;
  since: string;
  lastEvaluatedAt: string | null;
  variation: string | null;
  removable: boolean | null;
}

interface Digest {
  /** Each project's debt is its own digest (absent from digests before projects: default). */
  project?: string;
  staleDays?: number;
  rolledOutDays?: number;
  staleCount?: number;
  rolledOutCount?: number;
  stale?: DigestFlag[];
  rolledOut?: DigestFlag[];
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'never');
const removable = (f: DigestFlag) => (f.removable ? ' (no code references: removable)' : '');

export function digestSubject(after: unknown): string {
  const d = (after ?? {}) as Digest;
  const where = d.project && d.project !== 'default' ? ` in project ${d.project}` : '';
  return `Flag debt${where}: ${d.staleCount ?? 0} stale, ${d.rolledOutCount ?? 0} rolled out`;
}

/** A line of the digest: a group's heading, or an item, which names a flag unless it says how many more. */
export type DigestLine = { heading: string } | { flagKey: string; text: string } | { more: string };

/** One line per listed flag, under a heading per group, and how many more were left out. */
export function digestLines(after: unknown): DigestLine[] {
  const d = (after ?? {}) as Digest;
  const group = (title: string, flags: DigestFlag[], total: number, line: (f: DigestFlag) => string) =>
    flags.length === 0
      ? []
      : [
          { heading: title },
          ...flags.map((f) => ({ flagKey: f.key, text: `: ${line(f)}${removable(f)}` })),
          ...(total > flags.length ? [{ more: `and ${total - flags.length} more` }] : []),
        ];
  return [
    ...group(
      `Stale (no evaluation for ${d.staleDays ?? '?'} days):`,
      d.stale ?? [],
      d.staleCount ?? 0,
      (f) => `last evaluated ${day(f.lastEvaluatedAt)}`,
    ),
    ...group(
      `Rolled out (one variation for ${d.rolledOutDays ?? '?'} days):`,
      d.rolledOut ?? [],
      d.rolledOutCount ?? 0,
      (f) => `everyone gets ${f.variation ?? '?'} since ${day(f.since)}`,
    ),
  ];
}

/** The digest as plain text: headings, and `- ` items. */
export function digestText(lines: DigestLine[]): string[] {
  return lines.map((l) =>
    'heading' in l ? l.heading : 'more' in l ? `- ${l.more}` : `- ${l.flagKey}${l.text}`,
  );
}
