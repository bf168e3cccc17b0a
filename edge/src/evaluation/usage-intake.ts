import {
  DEFAULT_PROJECT,
  type EvaluationCount,
  errors,
  type EvaluationUsage,
  type Identity,
  MAX_USAGE_ROWS,
  readUsageRows,
  type UsageSink,
} from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';

/**
 * `POST /usage`, on a gateway and on a relay: evaluation counts a relay made (or relayed from the edges
 * chained behind it), sent with its SERVER key, join this process's counts for `Flag.usage`. Returns how
 * many rows were taken; throws the graph's refusal (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT).
 */
export function takeUsage(usage: EvaluationUsage, identity: Identity, body: unknown): number {
  if (identity.kind === 'anonymous')
    throw errors.unauthenticated(
      'Send the SERVER key of the environment (the edge relay’s own key) as a bearer token',
    );
  if (identity.kind !== 'apiKey' || identity.keyKind !== 'server' || !identity.environment)
    throw new GraphQLError(
      'Only a SERVER key of the environment (an edge relay’s own key) may send evaluation counts',
      {
        extensions: { code: 'FORBIDDEN' },
      },
    );
  let rows: ReturnType<typeof readUsageRows>;
  try {
    rows = readUsageRows(body);
  } catch (err) {
    throw errors.badInput((err as Error).message);
  }
  const other = rows.find((r) => r.environment !== identity.environment);
  if (other)
    throw new GraphQLError(
      `This key is of environment "${identity.environment}"; counts of "${other.environment}" need a key of that environment`,
      { extensions: { code: 'FORBIDDEN' } },
    );
  // A SERVER key serves one project: its relay's counts are of that project's flags only.
  const project = identity.project ?? DEFAULT_PROJECT;
  const foreign = rows.find((r) => (r.project ?? DEFAULT_PROJECT) !== project);
  if (foreign)
    throw new GraphQLError(
      `This key is of project "${project}"; counts of project "${foreign.project ?? DEFAULT_PROJECT}" need a key of that project`,
      { extensions: { code: 'FORBIDDEN' } },
    );
  usage.add(rows);
  return rows.length;
}

/**
 * Sends counts to upstream's `POST /usage`, each project's with the relay's SERVER key of that project
 * (`keyOf`; a `string` serves every row with one key); throws unless all were taken.
 */
export function upstreamUsageSink(
  upstreamUrl: string,
  keyOf: string | ((project: string) => string | null),
  timeoutMs = 10_000,
): UsageSink {
  return async (counts) => {
    const byProject = new Map<string, EvaluationCount[]>();
    for (const row of counts) {
      const project = row.project ?? DEFAULT_PROJECT;
      const rows = byProject.get(project);
      if (rows) rows.push(row);
      else byProject.set(project, [row]);
    }
    for (const [project, rows] of byProject) {
      const serverKey = typeof keyOf === 'string' ? keyOf : keyOf(project);
      if (!serverKey) throw new Error(`no SERVER key of project "${project}" to send its counts with`);
      // Upstream takes at most MAX_USAGE_ROWS per call; a window after a long outage can hold more. A call
      // that fails after others were taken sends them all again: the same rows, stored once.
      for (let i = 0; i < rows.length; i += MAX_USAGE_ROWS) {
        const res = await fetch(`${upstreamUrl}/usage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${serverKey}` },
          body: JSON.stringify({ counts: rows.slice(i, i + MAX_USAGE_ROWS) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (res.status !== 202)
          throw new Error(`upstream answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
        await res.body?.cancel();
      }
    }
  };
}
