import { startTestStack, type TestStack } from '@switchyard/testkit';
import { createClient, type ExecutionResult } from 'graphql-sse';

// GraphQL over Server-Sent Events (graphql-sse) at /graphql/stream, beside graphql-ws: the same
// subscription fields, with the credentials of an HTTP request.

const CHANGED = `subscription Changes($env: String!, $since: Int) {
  configChanged(environment: $env, sinceVersion: $since) { seq kind resourceKey flag { key name } }
}`;
const EVALUATED = `subscription Values($env: String!, $context: JSON!) {
  evaluatedConfig(environment: $env, context: $context) { key variation reason }
}`;

type Changed = {
  configChanged: { seq: number; kind: string; resourceKey: string; flag: { key: string } | null };
};
type Evaluated = { evaluatedConfig: { key: string; reason: string }[] };

/** Collects a subscription's events until closed. */
function collect<T>(url: string, token: string | null, query: string, variables: Record<string, unknown>) {
  const client = createClient({
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });
  const events: ExecutionResult<T, unknown>[] = [];
  let failure: unknown = null;
  const waiters: (() => void)[] = [];
  let end: () => void = () => undefined;
  /** Settles when the server ends the stream (or it fails). */
  const ended = new Promise<void>((resolve) => {
    end = resolve;
  });
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        events.push(value);
        for (const w of waiters.splice(0)) w();
      },
      error: (err) => {
        failure = err;
        for (const w of waiters.splice(0)) w();
        end();
      },
      complete: () => end(),
    },
  );
  return {
    events,
    ended,
    get failure() {
      return failure;
    },
    async waitFor(check: () => boolean, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (failure)
          throw new Error(`subscription failed: ${String((failure as Error)?.message ?? failure)}`);
        if (Date.now() > deadline)
          throw new Error(`timed out; events: ${JSON.stringify(events).slice(0, 1000)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
    close() {
      dispose();
      client.dispose();
    },
  };
}

/**
 * Opens a configChanged stream and waits until it carries a change: the stream is open once the first
 * change after it arrives, so flags are created until one does.
 */
async function openChangesStream(stack: TestStack, url: string, credential: string, tag: string) {
  const stream = collect<Changed>(url, credential, CHANGED, { env: 'development' });
  let n = 0;
  await stream.waitFor(() => {
    if (stream.events.length === 0)
      void stack.gqlOk(
        `mutation { createFlag(input: { key: "${tag}-${++n}", name: "${tag} ${n}" }) { key } }`,
      );
    return stream.events.length > 0;
  });
  return stream;
}

describe('subscriptions over Server-Sent Events (graphql-sse)', () => {
  let stack: TestStack;
  let streamUrl: string;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags', 'experiments'] });
    streamUrl = `${stack.graphqlUrl}/stream`;
  }, 120_000);
  afterAll(() => stack?.stop());

  it('configChanged: each change, with fields of any subgraph, and a resume from sinceVersion', async () => {
    const token = await stack.adminToken();
    const live = await openChangesStream(stack, streamUrl, token, 'sse');
    const first = live.events[0]!.data!.configChanged;
    expect(first).toMatchObject({ kind: 'FLAG_CREATED', flag: { key: first.resourceKey } });
    await stack.gqlOk('mutation { createFlag(input: { key: "sse-after", name: "SSE after" }) { key } }');
    await live.waitFor(() => live.events.some((e) => e.data?.configChanged.resourceKey === 'sse-after'));
    live.close();

    // Resuming from the first change replays what followed it, in order.
    const resumed = collect<Changed>(streamUrl, token, CHANGED, { env: 'development', since: first.seq });
    await resumed.waitFor(() =>
      resumed.events.some((e) => e.data?.configChanged.resourceKey === 'sse-after'),
    );
    const seqs = resumed.events.map((e) => e.data!.configChanged.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[0]).toBeGreaterThan(first.seq);
    resumed.close();
  }, 120_000);

  it('evaluatedConfig for a client key: the values, then again when a change alters them', async () => {
    await stack.gqlOk('mutation { createFlag(input: { key: "sse-eval", name: "SSE eval" }) { key } }');
    const key = (await stack.createApiKey('client', { environment: 'development' })).secret;
    const values = collect<Evaluated>(streamUrl, key, EVALUATED, {
      env: 'development',
      context: { key: 'u1' },
    });
    const reasonOf = (e: ExecutionResult<Evaluated, unknown>) =>
      e.data?.evaluatedConfig.find((v) => v.key === 'sse-eval')?.reason;
    await values.waitFor(() => values.events.length > 0);
    expect(reasonOf(values.events[0]!)).toBe('OFF');
    const flag = await stack.gqlOk<{ flag: { version: number } }>('{ flag(key: "sse-eval") { version } }');
    await stack.gqlOk(
      `mutation { setFlagEnabled(key: "sse-eval", environment: "development", enabled: true, expectedVersion: ${flag.flag.version}) { version } }`,
    );
    await values.waitFor(() => values.events.some((e) => reasonOf(e) === 'FALLTHROUGH'));
    values.close();
  }, 120_000);

  it('refuses a caller without credentials, and a client key asking for the rules stream', async () => {
    const anonymous = collect<Changed>(streamUrl, null, CHANGED, { env: 'development' });
    await anonymous
      .waitFor(() => anonymous.failure !== null || anonymous.events.length > 0)
      .catch(() => undefined);
    expect(anonymous.events).toHaveLength(0);
    expect(anonymous.failure).not.toBeNull();
    anonymous.close();

    const key = (await stack.createApiKey('client', { environment: 'development' })).secret;
    const refused = collect<Changed>(streamUrl, key, CHANGED, { env: 'development' });
    await refused.waitFor(() => refused.events.length > 0 || refused.failure !== null);
    expect(refused.events[0]?.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    refused.close();
  }, 60_000);
});

describe('an SSE stream lives only while its credentials do', () => {
  let stack: TestStack;
  let streamUrl: string;

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      // Re-check every second, without caches, so a lost broadcast is made up for at once.
      env: { WS_KEY_RECHECK_MS: '1000', API_KEY_CACHE_TTL_MS: '0', SESSION_CACHE_TTL_MS: '0' },
    });
    streamUrl = `${stack.graphqlUrl}/stream`;
  }, 120_000);
  afterAll(() => stack?.stop());

  const openStream = (credential: string, tag: string) =>
    openChangesStream(stack, streamUrl, credential, tag);

  it('ends when its API key is revoked, and at the periodic re-check when the broadcast was lost', async () => {
    const broadcast = await stack.createApiKey('server', { environment: 'development' });
    const viaApi = await openStream(broadcast.secret, 'revoked');
    await stack.gqlOk('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: broadcast.id });
    await viaApi.ended;

    // Revoked in the database alone, as if the broadcast had been lost.
    const lost = await stack.createApiKey('server', { environment: 'development' });
    const unannounced = await openStream(lost.secret, 'lost');
    await stack.db.query('UPDATE flags.api_keys SET revoked_at = now() WHERE id = $1', [lost.id]);
    await unannounced.ended;
  }, 60_000);

  it('ends at the periodic re-check when its session ended without a broadcast', async () => {
    const user = await stack.createUser('editor');
    const stream = await openStream(user.token, 'session');
    await stack.db.query(
      `UPDATE flags.refresh_tokens SET revoked_at = now()
       WHERE user_id = (SELECT id FROM flags.users WHERE email = $1)`,
      [user.email],
    );
    await stream.ended;
  }, 60_000);
});
