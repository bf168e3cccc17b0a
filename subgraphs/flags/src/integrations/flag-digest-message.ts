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

/** One line per listed flag, under a heading per group, and how many more were left out. */
export function digestLines(after: unknown): string[] {
  const d = (after ?? {}) as Digest;
  const group = (title: string, flags: DigestFlag[], total: number, line: (f: DigestFlag) => string) =>
    flags.length === 0
      ? []
      : [
          title,
          ...flags.map((f) => `- ${line(f)}${removable(f)}`),
          ...(total > flags.length ? [`- and ${total - flags.length} more`] : []),
        ];
  return [
    ...group(
      `Stale (no evaluation for ${d.staleDays ?? '?'} days):`,
      d.stale ?? [],
      d.staleCount ?? 0,
      (f) => `${f.key}: last evaluated ${day(f.lastEvaluatedAt)}`,
    ),
    ...group(
      `Rolled out (one variation for ${d.rolledOutDays ?? '?'} days):`,
      d.rolledOut ?? [],
      d.rolledOutCount ?? 0,
      (f) => `${f.key}: everyone gets ${f.variation ?? '?'} since ${day(f.since)}`,
    ),
  ];
}
