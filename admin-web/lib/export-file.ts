/** Helpers for the console's "export as JSON / CSV" buttons: the files are made in the browser. */

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a tab or carriage return before one) starts with a
 * single quote instead, so an exported flag name or audit entry cannot execute in whoever opens the file.
 */
export function neutraliseFormula(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

const csvCell = (raw: string) => {
  const v = neutraliseFormula(raw);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

/** RFC 4180 CSV: a header row, then one row per record, formulas neutralised. */
export function toCsv(header: string[], rows: string[][]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

/** Saves `text` as a file through a temporary link. */
export function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** Every node of a cursor-paged connection, fetching page after page (an export wants all, not the one shown). */
export async function allPages<T>(fetchPage: (after: string | null) => Promise<Page<T>>): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page<T> = await fetchPage(after);
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return nodes;
    after = page.pageInfo.endCursor;
  }
}
