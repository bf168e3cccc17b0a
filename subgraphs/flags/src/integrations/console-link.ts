import { DEFAULT_PROJECT } from '@switchyard/server-kit';

/** A console page and its own query parameters (absent or null ones are left out). */
export interface ConsolePage {
  path: string;
  query?: Record<string, string | null | undefined>;
}

// Commas stay readable (`lifecycle=STALE,ROLLED_OUT`): they are allowed in a query and the console splits on them.
const encode = (value: string) => encodeURIComponent(value).replace(/%2C/gi, ',');

/**
 * The one builder of console addresses in messages: CONSOLE_URL, the page, the page's parameters, then
 * `project=` for a project other than the default, as the console writes its own addresses (it opens in
 * the project an address names, and in the default project when it names none).
 */
export function consoleAddress(base: string, page: ConsolePage, project?: string | null): string {
  const query = {
    ...page.query,
    project: project && project !== DEFAULT_PROJECT ? project : null,
  };
  const params = Object.entries(query)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([name, value]) => `${encode(name)}=${encode(value)}`);
  return `${base.replace(/\/+$/, '')}${page.path}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

/** A flag's page, in an environment when one is named. */
export function flagPage(flagKey: string, environment?: string | null): ConsolePage {
  return { path: `/flags/${encodeURIComponent(flagKey)}`, query: { env: environment } };
}
