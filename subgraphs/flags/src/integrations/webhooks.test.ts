import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { deadUrl, startReceiver, until } from './test-receivers';
import { verifyWebhook } from './webhook-signature';

const SECRET = 'whsec-test-0123456789abcdef';

type Delivery = {
  seq: number | null;
  attempt: number;
  succeeded: boolean;
  statusCode: number | null;
  error: string | null;
  manual: boolean;
};
type IntegrationView = {
  id: string;
  version: number;
  enabled: boolean;
  disabledReason: string | null;
  deliveredSeq: number;
};

const CREATE = `mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { id version enabled hasSecret target } }`;
const INTEGRATION = `query($id: ID!) { integration(id: $id) { id version enabled disabledReason deliveredSeq
  deliveries(first: 100) { seq attempt succeeded statusCode error manual } } }`;

describe('webhooks: signed, ordered, at-least-once delivery of the change outbox', () => {
  let stack: TestStack;
  // Fails its first 3 calls, then hangs once (the delivery times out), then accepts everything.
  const flaky = startReceiver((n) => (n <= 3 ? 500 : n === 4 ? 'hang' : 200));
  let hook: Awaited<typeof flaky>;

  beforeAll(async () => {
    hook = await flaky;
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: {
        INTEGRATION_ALLOWED_NETWORKS: '127.0.0.1/32',
        INTEGRATION_TIMEOUT_MS: '1000',
        INTEGRATION_RETRY_BASE_MS: '100',
        INTEGRATION_RETRY_MAX_MS: '500',
        INTEGRATION_DISABLE_AFTER_MS: '8000',
        INTEGRATION_POLL_MS: '100',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await hook?.close();
  });

  const accepted = () =>
    hook.requests
      .filter((r) => r.answered === 200)
      .map((r) => JSON.parse(r.body) as { seq: number; kind: string; [k: string]: unknown });

  let webhookId = '';
  let expectedSeqs: number[] = [];

  it('delivers every change once after dedup by seq, in order, signed, through failures and a timeout', async () => {
    const created = await stack.gqlOk<{
      createIntegration: { id: string; hasSecret: boolean; target: string };
    }>(CREATE, {
      input: { kind: 'WEBHOOK', name: 'audit sink', target: hook.url, secret: SECRET },
    });
    webhookId = created.createIntegration.id;
    expect(created.createIntegration).toMatchObject({ hasSecret: true, target: hook.url });

    await stack.gqlOk('mutation { createFlag(input: { key: "wh-flag", name: "WH" }) { key } }');
    await stack.gqlOk('mutation { createSegment(input: { key: "wh-seg", name: "Seg" }) { key } }');
    await stack.gqlOk(
      'mutation { setFlagEnabled(key: "wh-flag", environment: "production", enabled: true, expectedVersion: 1) { key } }',
    );
    await stack.gqlOk(
      'mutation { updateFlag(key: "wh-flag", expectedVersion: 2, input: { name: "WH two" }) { key } }',
    );

    const audit = await stack.gqlOk<{ auditLog: { nodes: { seq: number; action: string }[] } }>(
      '{ auditLog(first: 100) { nodes { seq action } } }',
    );
    expectedSeqs = audit.auditLog.nodes.map((n) => n.seq).sort((a, b) => a - b);
    const creation = audit.auditLog.nodes.find((n) => n.action === 'integration.created')!.seq;
    expectedSeqs = expectedSeqs.filter((s) => s >= creation);
    expect(expectedSeqs).toHaveLength(5);

    await until(
      'every change delivered',
      async () => new Set(accepted().map((b) => b.seq)).size >= expectedSeqs.length,
    );

    const bodies = accepted();
    const seqs = bodies.map((b) => b.seq);
    expect([...new Set(seqs)]).toEqual(expectedSeqs);
    // In order: each accepted delivery is the next change, or a repeat of one already accepted.
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThanOrEqual(seqs[i - 1]!);
    const now = Math.floor(Date.now() / 1000);
    for (const r of hook.requests) {
      expect(verifyWebhook(SECRET, r.body, String(r.headers['x-switchyard-signature']), now)).toBe(true);
      expect(
        verifyWebhook('another-secret-of-16', r.body, String(r.headers['x-switchyard-signature']), now),
      ).toBe(false);
    }
    const enabled = bodies.find((b) => b.action === 'flag.enabled');
    expect(enabled).toMatchObject({
      kind: 'FLAG_TARGETING_UPDATED',
      environment: 'production',
      resourceType: 'flag',
      resourceKey: 'wh-flag',
      before: { enabled: false },
      after: { enabled: true },
      actor: { name: expect.any(String) },
      link: expect.stringContaining('/flags/wh-flag'),
    });
    expect(hook.requests[0]!.headers['x-switchyard-seq']).toBe(String(expectedSeqs[0]));

    const view = await stack.gqlOk<{ integration: IntegrationView & { deliveries: Delivery[] } }>(
      INTEGRATION,
      { id: webhookId },
    );
    expect(view.integration.deliveredSeq).toBeGreaterThanOrEqual(expectedSeqs.at(-1)!);
    const first = view.integration.deliveries.filter((d) => d.seq === expectedSeqs[0]).reverse();
    expect(first.map((d) => [d.attempt, d.succeeded, d.statusCode])).toEqual([
      [1, false, 500],
      [2, false, 500],
      [3, false, 500],
      [4, false, null],
      [5, true, 200],
    ]);
    expect(first[3]!.error).toMatch(/timed out/);
  });

  it('redelivers a change and test-sends on request, logged as manual', async () => {
    const redelivered = await stack.gqlOk<{ redeliverIntegrationChange: Delivery }>(
      'mutation($id: ID!, $seq: Int!) { redeliverIntegrationChange(id: $id, seq: $seq) { seq attempt succeeded statusCode manual } }',
      { id: webhookId, seq: expectedSeqs[1] },
    );
    expect(redelivered.redeliverIntegrationChange).toMatchObject({
      seq: expectedSeqs[1],
      succeeded: true,
      statusCode: 200,
      manual: true,
    });
    expect(JSON.parse(hook.requests.at(-1)!.body)).toMatchObject({ seq: expectedSeqs[1] });

    const test = await stack.gqlOk<{ testIntegration: Delivery }>(
      'mutation($id: ID!) { testIntegration(id: $id) { seq succeeded manual } }',
      { id: webhookId },
    );
    expect(test.testIntegration).toEqual({ seq: null, succeeded: true, manual: true });
    expect(JSON.parse(hook.requests.at(-1)!.body)).toMatchObject({ kind: 'INTEGRATION_TEST' });

    const missing = await stack.gql(
      'mutation($id: ID!) { redeliverIntegrationChange(id: $id, seq: 999999) { seq } }',
      { id: webhookId },
    );
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });

  it('disables a receiver that is down for good, and notifies through the outbox', async () => {
    const created = await stack.gqlOk<{ createIntegration: { id: string } }>(CREATE, {
      input: {
        kind: 'WEBHOOK',
        name: 'gone',
        target: await deadUrl(),
        secret: SECRET,
        changeKinds: ['FLAG'],
      },
    });
    const id = created.createIntegration.id;
    await stack.gqlOk('mutation { createFlag(input: { key: "wh-later", name: "Later" }) { key } }');

    const disabled = await until('the dead receiver disabled', async () => {
      const v = await stack.gqlOk<{ integration: IntegrationView }>(INTEGRATION, { id });
      return v.integration.enabled ? undefined : v.integration;
    });
    expect(disabled.disabledReason).toMatch(/failing for \d+ s .*attempts.*last error/);
    const audit = await stack.gqlOk<{
      auditLog: { nodes: { actorName: string; after: { enabled: boolean } }[] };
    }>(
      'query($id: String) { auditLog(filter: { resourceKey: $id, action: "integration.disabled" }) { nodes { actorName after } } }',
      { id },
    );
    expect(audit.auditLog.nodes).toEqual([
      expect.objectContaining({
        actorName: 'Switchyard',
        after: expect.objectContaining({ enabled: false }),
      }),
    ]);
    // The healthy webhook subscribes to everything, so it hears about the other one's disabling.
    const notice = await until('the disabling delivered to the healthy webhook', async () =>
      accepted().find((b) => b.kind === 'INTEGRATION_DISABLED' && b.resourceKey === id),
    );
    expect(notice).toMatchObject({ actor: { id: 'system' }, after: { enabled: false, name: 'gone' } });
  });

  it('refuses private targets, keeps secrets write-only and is for admins only', async () => {
    for (const target of [
      'http://10.1.2.3/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:8080/',
      'ftp://127.0.0.1/x',
    ]) {
      const res = await stack.gql(CREATE, { input: { kind: 'WEBHOOK', name: 'x', target, secret: SECRET } });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions).toMatchObject({ field: 'input.target' });
    }
    const noSecret = await stack.gql(CREATE, { input: { kind: 'WEBHOOK', name: 'x', target: hook.url } });
    expect(noSecret.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.secret' });
    const badEnv = await stack.gql(CREATE, {
      input: { kind: 'WEBHOOK', name: 'x', target: hook.url, secret: SECRET, environments: ['nowhere'] },
    });
    expect(badEnv.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.environments[0]',
    });

    const rotated = await stack.gqlOk<{ updateIntegration: { version: number } }>(
      'mutation($id: ID!) { updateIntegration(id: $id, expectedVersion: 1, input: { secret: "a-brand-new-secret-42" }) { version } }',
      { id: webhookId },
    );
    expect(rotated.updateIntegration.version).toBe(2);
    const stale = await stack.gql(
      'mutation($id: ID!) { updateIntegration(id: $id, expectedVersion: 1, input: { name: "n" }) { version } }',
      { id: webhookId },
    );
    expect(errorCodes(stale)).toEqual(['CONFLICT']);

    const audit = await stack.gqlOk<{ auditLog: { nodes: unknown[] } }>(
      '{ auditLog(filter: { resourceType: "integration" }) { nodes { before after } } }',
    );
    const text = JSON.stringify(audit) + stack.logs.join('\n');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('a-brand-new-secret-42');
    expect(JSON.stringify(audit)).toContain('"secretChanged":true');

    const editor = await stack.createUser('editor', { production: true });
    expect(errorCodes(await stack.gql('{ integrations { id } }', {}, { token: editor.token }))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it("names the change's project and links its console page in that project", async () => {
    await stack.gqlOk(
      'mutation { createProject(input: { key: "checkout", name: "Checkout", environments: [{ key: "production" }] }) { key } }',
    );
    await stack.gqlOk(
      'mutation { createFlag(input: { key: "wh-flag", name: "WH", project: "checkout" }) { key } }',
    );
    await stack.gqlOk(
      'mutation { setFlagEnabled(key: "wh-flag", project: "checkout", environment: "production", enabled: true, expectedVersion: 1) { key } }',
    );
    const enabled = await until('the checkout change delivered', async () =>
      accepted().find((b) => b.action === 'flag.enabled' && b.project === 'checkout'),
    );
    expect(enabled).toMatchObject({
      resourceType: 'flag',
      resourceKey: 'wh-flag',
      environment: 'production',
      project: 'checkout',
      link: 'http://localhost:3000/flags/wh-flag?env=production&project=checkout',
    });
    // The default project's flag of the same key says so, and links without a project, as before projects.
    expect(accepted().find((b) => b.action === 'flag.enabled' && b.project === 'default')).toMatchObject({
      link: 'http://localhost:3000/flags/wh-flag?env=production',
    });
  });

  it('delivers only the projects an integration is limited to; an unknown project is refused', async () => {
    const checkoutOnly = await startReceiver();
    try {
      const before = await stack.gqlOk<{ auditLog: { nodes: unknown[] } }>(
        '{ auditLog(filter: { resourceType: "integration" }, first: 100) { nodes { seq } } }',
      );
      const refused = await stack.gql(CREATE, {
        input: {
          kind: 'WEBHOOK',
          name: 'checkout only',
          target: checkoutOnly.url,
          secret: SECRET,
          projects: ['checkout', 'nowhere'],
        },
      });
      expect(refused.errors![0]!.extensions).toMatchObject({
        code: 'NOT_FOUND',
        field: 'input.projects[1]',
      });
      const after = await stack.gqlOk<{ auditLog: { nodes: unknown[] } }>(
        '{ auditLog(filter: { resourceType: "integration" }, first: 100) { nodes { seq } } }',
      );
      expect(after.auditLog.nodes).toHaveLength(before.auditLog.nodes.length);

      const { createIntegration } = await stack.gqlOk<{ createIntegration: { id: string } }>(CREATE, {
        input: {
          kind: 'WEBHOOK',
          name: 'checkout only',
          target: checkoutOnly.url,
          secret: SECRET,
          projects: ['checkout'],
        },
      });
      const id = createIntegration.id;
      // The default project's change first, then checkout's: delivery is in seq order, so once checkout's
      // has arrived the default one was passed over, not pending.
      await stack.gqlOk('mutation { createFlag(input: { key: "wh-scoped", name: "Scoped" }) { key } }');
      await stack.gqlOk(
        'mutation { createFlag(input: { key: "wh-scoped", name: "Scoped", project: "checkout" }) { key } }',
      );
      const bodies = () => checkoutOnly.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
      await until("checkout's change delivered", async () =>
        bodies().some((b) => b.resourceKey === 'wh-scoped'),
      );
      expect(bodies().map((b) => [b.action, b.resourceKey, b.project])).toEqual([
        ['flag.created', 'wh-scoped', 'checkout'],
      ]);
      expect(bodies()[0]!.link).toBe('http://localhost:3000/flags/wh-scoped?project=checkout');

      // Versioned and audited like its other fields; emptied, it takes every project's changes again.
      const unknown = await stack.gql(
        'mutation($id: ID!) { updateIntegration(id: $id, expectedVersion: 1, input: { projects: ["gone"] }) { version } }',
        { id },
      );
      expect(unknown.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.projects[0]' });
      const widened = await stack.gqlOk<{ updateIntegration: { version: number; projects: string[] } }>(
        'mutation($id: ID!) { updateIntegration(id: $id, expectedVersion: 1, input: { projects: [] }) { version projects } }',
        { id },
      );
      expect(widened.updateIntegration).toEqual({ version: 2, projects: [] });
      const audit = await stack.gqlOk<{
        auditLog: {
          nodes: { action: string; before: { projects: string[] }; after: { projects: string[] } }[];
        };
      }>('query($id: String) { auditLog(filter: { resourceKey: $id }) { nodes { action before after } } }', {
        id,
      });
      expect(audit.auditLog.nodes.map((n) => [n.action, n.before?.projects, n.after.projects])).toEqual([
        ['integration.updated', ['checkout'], []],
        ['integration.created', undefined, ['checkout']],
      ]);
      await stack.gqlOk('mutation { createFlag(input: { key: "wh-widened", name: "Widened" }) { key } }');
      const widenedBody = await until("the default project's change delivered once widened", async () =>
        bodies().find((b) => b.resourceKey === 'wh-widened'),
      );
      expect(widenedBody).toMatchObject({
        project: 'default',
        link: 'http://localhost:3000/flags/wh-widened',
      });
    } finally {
      await checkoutOnly.close();
    }
  });
});
