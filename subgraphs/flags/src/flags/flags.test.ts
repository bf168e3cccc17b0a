import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';

const CREATE = `mutation Create($input: CreateFlagInput!) {
  createFlag(input: $input) { key name type tags version archived variations { key value } environments { environment enabled offVariation } }
}`;

describe('flags through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('creates a boolean flag with on/off variations, off in every environment', async () => {
    const data = await stack.gqlOk<{ createFlag: Record<string, unknown> }>(CREATE, {
      input: { key: 'search-v2', name: 'Search v2', tags: ['search', 'search'] },
    });
    expect(data.createFlag).toEqual({
      key: 'search-v2',
      name: 'Search v2',
      type: 'BOOLEAN',
      tags: ['search'],
      version: 1,
      archived: false,
      variations: [
        { key: 'on', value: true },
        { key: 'off', value: false },
      ],
      environments: ['development', 'staging', 'production'].map((environment) => ({
        environment,
        enabled: false,
        offVariation: 'off',
      })),
    });
  });

  it('refuses a duplicate key with CONFLICT and writes nothing', async () => {
    await stack.gqlOk(CREATE, { input: { key: 'dup-key', name: 'First' } });
    const body = await stack.gql(CREATE, { input: { key: 'dup-key', name: 'Second' } });
    expect(errorCodes(body)).toEqual(['CONFLICT']);
    const data = await stack.gqlOk<{ flag: { name: string } }>('{ flag(key: "dup-key") { name } }');
    expect(data.flag.name).toBe('First');
  });

  it.each([
    ['Upper-Case', 'input.key'],
    ['-leading-dash', 'input.key'],
    ['a'.repeat(129), 'input.key'],
  ])('refuses the malformed key %p as BAD_USER_INPUT naming %s', async (key, field) => {
    const body = await stack.gql(CREATE, { input: { key, name: 'x' } });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe(field);
    expect(body.errors?.[0]?.message).toMatch(/^input\.key: /);
  });

  it('refuses a variation whose value does not match the flag type, naming its path', async () => {
    const body = await stack.gql(CREATE, {
      input: {
        key: 'limit',
        name: 'Limit',
        type: 'NUMBER',
        variations: [
          { key: 'low', value: 10 },
          { key: 'high', value: 'a lot' },
        ],
      },
    });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe('input.variations[1].value');
    const missing = await stack.gql('{ flag(key: "limit") { key } }');
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });

  it('writes an audit entry and an outbox row with a gap-free sequence in the same transaction', async () => {
    await stack.gqlOk(CREATE, { input: { key: 'audited-a', name: 'A' } });
    await stack.gqlOk(CREATE, { input: { key: 'audited-b', name: 'B' } });
    const db = new Client({ connectionString: stack.db.url });
    await db.connect();
    try {
      const audit = await db.query(
        `SELECT action, resource_key, change_seq FROM platform.audit_log WHERE resource_key LIKE 'audited-%' ORDER BY id`,
      );
      expect(audit.rows.map((r) => [r.action, r.resource_key])).toEqual([
        ['flag.created', 'audited-a'],
        ['flag.created', 'audited-b'],
      ]);
      const seqs = (await db.query('SELECT seq FROM platform.config_changes ORDER BY seq')).rows.map((r) =>
        Number(r.seq),
      );
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      await expect(db.query('DELETE FROM platform.audit_log')).rejects.toThrow(/append-only/);
    } finally {
      await db.end();
    }
  });

  it('pages through flags with cursors, a total count and filters', async () => {
    for (const key of ['page-a', 'page-b', 'page-c']) {
      await stack.gqlOk(CREATE, { input: { key, name: key, tags: ['paging'] } });
    }
    const query = `query Page($after: String) {
      flags(filter: { tags: ["paging"] }, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { key }
      }
    }`;
    type Page = {
      flags: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        nodes: { key: string }[];
      };
    };
    const first = await stack.gqlOk<Page>(query);
    expect(first.flags.totalCount).toBe(3);
    expect(first.flags.nodes.map((n) => n.key)).toEqual(['page-a', 'page-b']);
    expect(first.flags.pageInfo.hasNextPage).toBe(true);
    const second = await stack.gqlOk<Page>(query, { after: first.flags.pageInfo.endCursor });
    expect(second.flags.nodes.map((n) => n.key)).toEqual(['page-c']);
    expect(second.flags.pageInfo.hasNextPage).toBe(false);

    const searched = await stack.gqlOk<Page>(
      '{ flags(filter: { search: "PAGE-B" }) { totalCount nodes { key } } }',
    );
    expect(searched.flags.nodes.map((n) => n.key)).toEqual(['page-b']);
  });

  it('refuses a page size out of range', async () => {
    // Over the subgraph's 500 but under the gateway's cost limit, so the subgraph answers.
    const body = await stack.gql('{ flags(first: 501) { totalCount } }');
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe('first');
  });
});
