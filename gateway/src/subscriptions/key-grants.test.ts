import { errorCodes, startTestStack, type TestStack, type TestSubscription } from '@switchyard/testkit';

// Issue 19: a TOKEN's custom roles change (updateRole, setApiKeyCustomRoles) while it holds a WebSocket open.
// Its connection was authorised with the old grants, so it closes (4401) and the client reconnects acting
// with the new ones; keys whose grants did not change keep their connections.

const CHANGED = 'subscription { configChanged(environment: "development") { seq } }';
const closeOf = (ended: { error?: unknown }) => ended.error as { code?: number; reason?: string } | undefined;

describe("an API key's open WebSocket follows its custom roles", () => {
  let stack: TestStack;
  let writes = 0;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    await stack.gqlOk(`mutation { createRole(input: { key: "ws-reader", name: "Reader",
      grants: [{ permission: "flags:read" }] }) { key } }`);
    await stack.gqlOk(`mutation { createRole(input: { key: "ws-auditor", name: "Auditor",
      grants: [{ permission: "audit:read" }] }) { key } }`);
  }, 120_000);
  afterAll(() => stack?.stop());

  const token = (name: string, customRoles: string[]) => stack.createApiKey('token', { name, customRoles });
  /** Writes until each subscription has one more event than it had (a change may race a new subscriber). */
  const untilEach = async (subs: TestSubscription[]) => {
    const had = subs.map((s) => s.events.length);
    for (let attempt = 1; ; attempt++) {
      writes += 1;
      await stack.gqlOk(`mutation { createFlag(input: { key: "ws-grants-${writes}", name: "W" }) { key } }`);
      try {
        for (const [i, sub] of subs.entries()) await sub.waitFor(had[i]! + 1, 3000);
        return;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  };

  it('closes the connection of a key whose grants changed, keeps the others, and refuses the old grants after reconnecting', async () => {
    const replaced = await token('replaced bot', ['ws-reader']);
    const edited = await token('edited bot', ['ws-reader']);
    const admin = await stack.createApiKey('token', { role: 'admin' });
    const sdk = await stack.createApiKey('server', { environment: 'development' });
    const subs = {
      sdk: await stack.subscribe(CHANGED, {}, { token: sdk.secret }),
      replaced: await stack.subscribe(CHANGED, {}, { token: replaced.secret }),
      edited: await stack.subscribe(CHANGED, {}, { token: edited.secret }),
      admin: await stack.subscribe(CHANGED, {}, { token: admin.secret }),
    };
    await untilEach(Object.values(subs));

    // setApiKeyCustomRoles: that key's connection ends; the others keep hearing changes.
    await stack.gqlOk('mutation($id: ID!, $r: [ID!]!) { setApiKeyCustomRoles(id: $id, roles: $r) { id } }', {
      id: replaced.id,
      r: ['ws-auditor'],
    });
    const first = closeOf(await subs.replaced.ended);
    expect(first).toMatchObject({ code: 4401, reason: expect.stringMatching(/grants changed/) });
    await untilEach([subs.edited, subs.admin, subs.sdk]);

    // updateRole: the connections of keys holding the role end.
    await stack.gqlOk(`mutation { updateRole(key: "ws-reader", input: { name: "Reader",
      grants: [{ permission: "audit:read" }] }) { version } }`);
    expect(closeOf(await subs.edited.ended)).toMatchObject({ code: 4401 });
    // The admin token's role is not a custom role, nor are an SDK key's grants: their connections stay.
    await untilEach([subs.admin, subs.sdk]);

    // Reconnected, each key acts with its grants now: none reads flags, so configChanged is refused.
    for (const key of [replaced, edited]) {
      const again = await stack.subscribe(CHANGED, {}, { token: key.secret });
      writes += 1;
      await stack.gqlOk(`mutation { createFlag(input: { key: "ws-grants-${writes}", name: "W" }) { key } }`);
      // The subscription answers its refusal as a result and completes.
      expect(await again.ended).toEqual({});
      expect(again.events.flatMap((e) => e.errors ?? []).map((e) => e.extensions)).toEqual([
        expect.objectContaining({ code: 'FORBIDDEN', permission: 'flags:read' }),
      ]);
      expect(errorCodes(await stack.gql('{ flags { totalCount } }', {}, { token: key.secret }))).toEqual([
        'FORBIDDEN',
      ]);
    }
  });
});
