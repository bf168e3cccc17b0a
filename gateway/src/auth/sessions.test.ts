import {
  errorCodes,
  graphql,
  requireRedis,
  startTestStack,
  type TestStack,
  type TestSubscription,
} from '@switchyard/testkit';
import { createClient } from 'graphql-sse';

// Issue 20: a session ends, and a role changes, on the next request on every replica. Two gateways
// share Redis and PostgreSQL; each asks the flags subgraph (the owner of users and sessions) about
// a session once and keeps the answer until a SESSIONS_CHANGED broadcast evicts it.

const LOGIN = `mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken user { id } }
}`;
const CHANGED = 'subscription { configChanged(environment: "development") { seq resourceKey } }';

type Login = { login: { accessToken: string; refreshToken: string; user: { id: string } } };

describe('sessions and roles take effect on the next request on every replica', () => {
  let stack: TestStack;
  let urlA: string;
  let urlB: string;
  let flagCounter = 0;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'], redisUrl: await requireRedis() });
    urlA = stack.graphqlUrl;
    urlB = (await stack.addGateway('gateway-2')).graphqlUrl;
  }, 180_000);
  afterAll(() => stack?.stop());

  const login = async (email: string, password: string) =>
    (await graphql<Login>(urlA, LOGIN, { email, password })).data?.login ?? null;
  const me = (token: string, url: string) =>
    stack.gql<{ me: { id: string } }>('{ me { id } }', {}, { token, url });
  const createFlag = (token: string, url: string) => {
    const key = `session-flag-${++flagCounter}`;
    return stack.gql(
      `mutation { createFlag(input: { key: "${key}", name: "${key}" }) { key } }`,
      {},
      { token, url },
    );
  };

  it('logout on one replica refuses the same access token on the other at once, and ends only that session', async () => {
    const user = await stack.createUser('editor');
    const first = (await login(user.email, user.password))!;
    const second = (await login(user.email, user.password))!;
    // Both replicas have seen (and may have cached) the session as open.
    for (const url of [urlA, urlB]) expect(errorCodes(await me(first.accessToken, url))).toEqual([]);

    await stack.gqlOk(
      'mutation($t: String!) { logout(refreshToken: $t) }',
      { t: first.refreshToken },
      { anonymous: true },
    );

    for (const url of [urlB, urlA]) {
      const refused = await me(first.accessToken, url);
      expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
      expect(refused.errors?.[0]?.message).toMatch(/session has ended/i);
      // The other sign-in of the same user is untouched.
      expect(errorCodes(await me(second.accessToken, url))).toEqual([]);
    }
  }, 60_000);

  it('a demotion to viewer refuses an editor mutation at once on both replicas, with the token already held', async () => {
    const editor = await stack.createUser('editor');
    for (const url of [urlA, urlB]) expect(errorCodes(await createFlag(editor.token, url))).toEqual([]);

    await stack.gqlOk(
      'mutation($id: ID!) { updateUserRole(id: $id, role: VIEWER) { role } }',
      { id: editor.id },
      { url: urlA },
    );

    for (const url of [urlB, urlA]) {
      expect(errorCodes(await createFlag(editor.token, url))).toEqual(['FORBIDDEN']);
      // Reading is still a viewer's right.
      expect(errorCodes(await me(editor.token, url))).toEqual([]);
    }
    // And back: the promotion takes effect as fast.
    await stack.gqlOk(
      'mutation($id: ID!) { updateUserRole(id: $id, role: EDITOR) { role } }',
      { id: editor.id },
      { url: urlB },
    );
    expect(errorCodes(await createFlag(editor.token, urlA))).toEqual([]);
  }, 60_000);

  it("a custom role's change reaches its users' sessions and tokens at once on both replicas, and closes their WebSockets (4401)", async () => {
    await stack.gqlOk(
      'mutation { createRole(input: { key: "replica-writers", name: "W", grants: [{ permission: "flags:read" }] }) { key } }',
    );
    const user = await stack.createUser('viewer');
    await stack.gqlOk(
      'mutation($id: ID!) { setUserCustomRoles(id: $id, roles: ["replica-writers"]) { id } }',
      {
        id: user.id,
      },
    );
    const key = await stack.gqlOk<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "replica bot", kind: TOKEN, customRoles: ["replica-writers"] }) { secret } }',
    );
    const token = key.createApiKey.secret;
    // Both replicas have asked, and keep, what the session and the key may do.
    for (const url of [urlA, urlB]) {
      expect(errorCodes(await createFlag(user.token, url))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await createFlag(token, url))).toEqual(['FORBIDDEN']);
    }
    const ws: TestSubscription = await stack.subscribe(CHANGED, {}, { token: user.token, url: urlB });

    await stack.gqlOk(
      `mutation { updateRole(key: "replica-writers", input: { name: "W",
        grants: [{ permission: "flags:read" }, { permission: "flags:write" }] }) { version } }`,
      {},
      { url: urlA },
    );
    for (const url of [urlB, urlA]) {
      expect(errorCodes(await createFlag(user.token, url))).toEqual([]);
      expect(errorCodes(await createFlag(token, url))).toEqual([]);
    }
    // The connection was authorised with the old grants: it ends, and the client reconnects with the new.
    const closed = (await ws.ended).error as { code?: number } | undefined;
    expect(closed?.code).toBe(4401);
  }, 60_000);

  it('deactivation ends sessions, WebSockets (4401), SSE streams and the API keys the user created; reactivation restores sign-in', async () => {
    const person = await stack.createUser('admin');
    const session = (await login(person.email, person.password))!;
    const token = session.accessToken;
    // A key the person made (the testkit's createApiKey would act as the bootstrap admin).
    const made = await stack.gqlOk<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "person key", kind: SERVER, environment: "development" }) { secret } }',
      {},
      { token },
    );
    const key = made.createApiKey.secret;
    const flagSet = '{ flagSet(environment: "development") { version } }';
    for (const url of [urlA, urlB])
      expect(errorCodes(await stack.gql(flagSet, {}, { token: key, url }))).toEqual([]);

    // A WebSocket subscription on B and an SSE stream on A, both live (each has had an event).
    const ws: TestSubscription = await stack.subscribe(CHANGED, {}, { token, url: urlB });
    const sse = sseStream(`${urlA}/stream`, token, CHANGED);
    while (ws.events.length === 0 || sse.events.length === 0) {
      await createFlag(await stack.adminToken(), urlA);
      await new Promise((r) => setTimeout(r, 100));
    }

    // Nobody deactivates themselves; only admins deactivate.
    expect(
      errorCodes(
        await stack.gql(
          'mutation($id: ID!) { deactivateUser(id: $id) { id } }',
          { id: person.id },
          { token },
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const editor = await stack.createUser('editor');
    expect(
      errorCodes(
        await stack.gql(
          'mutation($id: ID!) { deactivateUser(id: $id) { id } }',
          { id: person.id },
          { token: editor.token },
        ),
      ),
    ).toEqual(['FORBIDDEN']);

    const deactivated = await stack.gqlOk<{ deactivateUser: { deactivatedAt: string | null } }>(
      'mutation($id: ID!) { deactivateUser(id: $id) { deactivatedAt } }',
      { id: person.id },
      { url: urlA },
    );
    expect(deactivated.deactivateUser.deactivatedAt).not.toBeNull();

    const closed = (await ws.ended).error as { code?: number } | undefined;
    expect(closed?.code).toBe(4401);
    await sse.ended;
    await ws.close();

    for (const url of [urlB, urlA]) {
      expect(errorCodes(await me(token, url))).toEqual(['UNAUTHENTICATED']);
      const refusedKey = await stack.gql(flagSet, {}, { token: key, url });
      expect(errorCodes(refusedKey)).toEqual(['UNAUTHENTICATED']);
      expect(refusedKey.errors?.[0]?.message).toMatch(/unknown or revoked/);
    }
    const signIn = await graphql(urlB, LOGIN, { email: person.email, password: person.password });
    expect(errorCodes(signIn)).toEqual(['UNAUTHENTICATED']);
    expect(signIn.errors?.[0]?.message).toMatch(/deactivated/);
    const refresh = await graphql(
      urlB,
      'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }',
      {
        t: session.refreshToken,
      },
    );
    expect(errorCodes(refresh)).toEqual(['UNAUTHENTICATED']);
    const audit = await stack.db.query<{ action: string }>(
      `SELECT action FROM platform.audit_log WHERE resource_key = $1 AND action LIKE 'user.%activated' ORDER BY change_seq`,
      [person.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['user.deactivated']);

    await stack.gqlOk(
      'mutation($id: ID!) { reactivateUser(id: $id) { deactivatedAt } }',
      { id: person.id },
      { url: urlB },
    );
    const again = await login(person.email, person.password);
    expect(again).not.toBeNull();
    expect(errorCodes(await me(again!.accessToken, urlB))).toEqual([]);
    // The sessions ended by the deactivation stay ended.
    expect(errorCodes(await me(token, urlA))).toEqual(['UNAUTHENTICATED']);
  }, 120_000);

  it('answers SERVICE_UNAVAILABLE, without internal detail, when the flags subgraph cannot be asked about a session', async () => {
    const user = await stack.createUser('viewer');
    // A sign-in neither replica has seen, so no answer about it is kept anywhere.
    const fresh = (await login(user.email, user.password))!;
    await stack.services.get('flags')!.stop();
    for (const url of [urlA, urlB]) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fresh.accessToken}` },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      const text = await res.text();
      expect(res.status).toBe(503);
      const body = JSON.parse(text) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      expect(text).not.toMatch(/database|ECONNREFUSED|127\.0\.0\.1|stack/i);
    }
  }, 60_000);
});

/** A graphql-sse stream with its events, and a promise that settles when the server ends it. */
function sseStream(url: string, token: string, query: string) {
  const events: unknown[] = [];
  const client = createClient({ url, headers: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const ended = new Promise<void>((resolve) => {
    client.subscribe(
      { query },
      { next: (v) => events.push(v), error: () => resolve(), complete: () => resolve() },
    );
  });
  return { events, ended };
}
