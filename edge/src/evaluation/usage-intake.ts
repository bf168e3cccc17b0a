import {
  DEFAULT_PROJECT,
  errors,
  type EvaluationUsage,
  type Identity,
  MAX_CONTEXT_ROWS,
  MAX_USAGE_ROWS,
  type RecentContext,
  type RecentContextSampler,
  type RecentContextSink,
  readRecentContexts,
  readUsageRows,
  type UsageSink,
} from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';

/**
 * `POST /usage`, on a gateway and on a relay: evaluation counts a relay made (or relayed from the edges
 * chained behind it), sent with its SERVER key, join this process's counts for `Flag.usage`, and the
 * contexts it sampled (`contexts`) join this process's sample for the impact preview (`contexts`, which
 * applies its own allow-list and limits). Returns how many count rows were taken; throws the graph's
 * refusal (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT) with nothing taken.
 */
export function takeUsage(
  usage: EvaluationUsage,
  identity: Identity,
  body: unknown,
  contexts: RecentContextSampler | null = null,
): number {
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
  let sampled: RecentContext[];
  try {
    rows = readUsageRows(body);
    sampled = readRecentContexts(body);
  } catch (err) {
    throw errors.badInput((err as Error).message);
  }
  const other = [...rows, ...sampled].find((r) => r.environment !== identity.environment);
  if (other)
    throw new GraphQLError(
      `This key is of environment "${identity.environment}"; counts of "${other.environment}" need a key of that environment`,
      { extensions: { code: 'FORBIDDEN' } },
    );
  // A SERVER key serves one project: its relay's counts are of that project's flags only.
  const project = identity.project ?? DEFAULT_PROJECT;
  const foreign = [...rows, ...sampled].find((r) => (r.project ?? DEFAULT_PROJECT) !== project);
  if (foreign)
    throw new GraphQLError(
      `This key is of project "${project}"; counts of project "${foreign.project ?? DEFAULT_PROJECT}" need a key of that project`,
      { extensions: { code: 'FORBIDDEN' } },
    );
  usage.add(rows);
  for (const c of sampled) contexts?.record(c.environment, { ...c.attributes, key: c.key }, project);
  return rows.length;
}

/** Posts one project's rows to upstream's `POST /usage` with that project's key; throws unless taken. */
async function postUsage(upstreamUrl: string, serverKey: string, body: unknown, timeoutMs: number) {
  const res = await fetch(`${upstreamUrl}/usage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${serverKey}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.status !== 202)
    throw new Error(`upstream answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  await res.body?.cancel();
}

/** Rows grouped by their project (`default` when they name none), each group with the relay's key of it. */
function byProject<T extends { project?: string }>(
  rows: readonly T[],
  keyOf: string | ((project: string) => string | null),
): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const project = row.project ?? DEFAULT_PROJECT;
    const group = groups.get(project);
    if (group) group.push(row);
    else groups.set(project, [row]);
  }
  return [...groups].map(([project, group]) => {
    const serverKey = typeof keyOf === 'string' ? keyOf : keyOf(project);
    if (!serverKey) throw new Error(`no SERVER key of project "${project}" to send its rows with`);
    return [serverKey, group];
  });
}

/**
 * Sends a relay's sampled contexts to upstream's `POST /usage` (as `contexts`, with no counts), each
 * project's with the relay's key of it. A flush that fails is dropped: they are samples, and the next
 * flush samples again.
 */
export function upstreamContextSink(
  upstreamUrl: string,
  keyOf: (project: string) => string | null,
  timeoutMs = 10_000,
): RecentContextSink {
  return async (rows) => {
    for (const [serverKey, group] of byProject(rows, keyOf))
      for (let i = 0; i < group.length; i += MAX_CONTEXT_ROWS)
        await postUsage(
          upstreamUrl,
          serverKey,
          { counts: [], contexts: group.slice(i, i + MAX_CONTEXT_ROWS) },
          timeoutMs,
        );
  };
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
    // Upstream takes at most MAX_USAGE_ROWS per call; a window after a long outage can hold more. A call
    // that fails after others were taken sends them all again: the same rows, stored once.
    for (const [serverKey, rows] of byProject(counts, keyOf))
      for (let i = 0; i < rows.length; i += MAX_USAGE_ROWS)
        await postUsage(upstreamUrl, serverKey, { counts: rows.slice(i, i + MAX_USAGE_ROWS) }, timeoutMs);
  };
}
