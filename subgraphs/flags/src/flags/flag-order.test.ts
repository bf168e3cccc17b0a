import { errorCodes, startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';

const PAGE = `query Page($filter: FlagFilter, $orderBy: FlagOrder, $first: Int, $after: String) {
  flags(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { key } }
  }
}`;

type Page = {
  flags: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { key: string } }[];
  };
};

type Order = { field?: string; direction?: string; environment?: string };

/**
 * Eight flags tagged `order` (`ord-a` … `ord-h`) whose names, statuses and update times tie in
 * pairs and threes, so every order has to break ties by key.
 */
const FLAGS: {
  key: string;
  name: string;
  production: boolean;
  archived?: boolean;
  even?: boolean;
  updatedAt: string;
}[] = [
  { key: 'ord-a', name: 'Delta', production: true, updatedAt: '2026-01-01T10:00:00.000002Z' },
  { key: 'ord-b', name: 'alpha', production: false, even: true, updatedAt: '2026-01-01T10:00:00.000001Z' },
  { key: 'ord-c', name: 'Alpha', production: true, updatedAt: '2026-01-01T10:00:00.000002Z' },
  { key: 'ord-d', name: 'charlie', production: false, even: true, updatedAt: '2025-12-31T09:00:00Z' },
  { key: 'ord-e', name: 'Bravo', production: true, archived: true, updatedAt: '2026-01-02T00:00:00Z' },
  { key: 'ord-f', name: 'bravo', production: false, even: true, updatedAt: '2026-01-01T10:00:00.000002Z' },
  { key: 'ord-g', name: 'Echo', production: false, archived: true, updatedAt: '2025-12-31T09:00:00Z' },
  { key: 'ord-h', name: 'delta', production: true, even: true, updatedAt: '2026-01-01T10:00:00.000001Z' },
];

const keys = (letters: string) => [...letters].map((l) => `ord-${l}`);

// The expected orders, written out by hand from the table above.
const EXPECTED: [Order, string[]][] = [
  [{ field: 'KEY', direction: 'ASC' }, keys('abcdefgh')],
  [{ field: 'KEY', direction: 'DESC' }, keys('hgfedcba')],
  // alpha (b, c), bravo (e, f), charlie, delta (a, h), echo; ties by key A to Z either way.
  [{ field: 'NAME', direction: 'ASC' }, keys('bcefdahg')],
  [{ field: 'NAME', direction: 'DESC' }, keys('gahdefbc')],
  // Microseconds apart: .000001 (b, h) before .000002 (a, c, f).
  [{ field: 'UPDATED_AT', direction: 'ASC' }, keys('dgbhacfe')],
  [{ field: 'UPDATED_AT', direction: 'DESC' }, keys('eacfbhdg')],
  // On (a, c, h), off (b, d, f), archived last (e is on, g is off).
  [{ field: 'STATUS', direction: 'ASC', environment: 'production' }, keys('achbdfeg')],
  [{ field: 'STATUS', direction: 'DESC', environment: 'production' }, keys('bdfacheg')],
];

describe('ordering the flag list through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ subgraphs: ['flags'] });
    for (const f of FLAGS) {
      const tags = f.even ? ['order', 'order-even'] : ['order'];
      await stack.gqlOk('mutation($input: CreateFlagInput!) { createFlag(input: $input) { key } }', {
        input: { key: f.key, name: f.name, tags },
      });
      if (f.production) {
        await stack.gqlOk(
          'mutation($key: String!) { setFlagEnabled(key: $key, environment: "production", enabled: true, expectedVersion: 1) { key } }',
          { key: f.key },
        );
      }
      if (f.archived) {
        await stack.gqlOk(
          'mutation($key: String!, $v: Int!) { archiveFlag(key: $key, expectedVersion: $v) { key } }',
          { key: f.key, v: f.production ? 2 : 1 },
        );
      }
    }
    // ord-d is the only flag on in development.
    await stack.gqlOk(
      'mutation { setFlagEnabled(key: "ord-d", environment: "development", enabled: true, expectedVersion: 1) { key } }',
    );
    // Update times with ties (and microseconds) no API call could produce on purpose.
    const db = new Client({ connectionString: stack.db.url });
    await db.connect();
    try {
      for (const f of FLAGS) {
        await db.query('UPDATE flags.flags SET updated_at = $2 WHERE key = $1', [f.key, f.updatedAt]);
      }
    } finally {
      await db.end();
    }
  }, 120_000);
  afterAll(() => stack?.stop());

  const page = (variables: { filter?: object; orderBy?: Order; first?: number; after?: string | null }) =>
    stack.gqlOk<Page>(PAGE, { filter: { tags: ['order'] }, ...variables });

  /** Every page, following `endCursor`; checks the count and that only the last page says it is last. */
  async function everyPage(orderBy: Order | undefined, first: number, filter: object = { tags: ['order'] }) {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const { flags }: Page = await page({ filter, orderBy, first, after });
      seen.push(...flags.edges.map((e) => e.node.key));
      if (!flags.pageInfo.hasNextPage) {
        expect(flags.totalCount).toBe(seen.length);
        return seen;
      }
      expect(flags.edges).toHaveLength(first);
      expect(flags.pageInfo.endCursor).toBe(flags.edges.at(-1)!.cursor);
      after = flags.pageInfo.endCursor;
    }
    throw new Error('more than 50 pages');
  }

  it.each(EXPECTED)(
    'orders by %j, every flag exactly once across pages of 1 and 3',
    async (orderBy, expected) => {
      const whole = await page({ orderBy, first: 50 });
      expect(whole.flags.edges.map((e) => e.node.key)).toEqual(expected);
      expect(whole.flags.pageInfo.hasNextPage).toBe(false);
      expect(await everyPage(orderBy, 1)).toEqual(expected);
      expect(await everyPage(orderBy, 3)).toEqual(expected);
    },
  );

  it('continues after any edge cursor, not only the end cursor', async () => {
    const orderBy = { field: 'UPDATED_AT', direction: 'DESC' };
    const expected = keys('eacfbhdg');
    const { flags } = await page({ orderBy, first: 50 });
    for (const [i, edge] of flags.edges.entries()) {
      const rest = await page({ orderBy, first: 50, after: edge.cursor });
      expect(rest.flags.edges.map((e) => e.node.key)).toEqual(expected.slice(i + 1));
      expect(rest.flags.totalCount).toBe(8);
    }
  });

  it('keeps the key order when orderBy is left out, and takes cursors of the key order from before orderBy', async () => {
    expect(await everyPage(undefined, 3)).toEqual(keys('abcdefgh'));
    const legacy = Buffer.from('ord-c', 'utf8').toString('base64url');
    const { flags } = await page({ first: 2, after: legacy });
    expect(flags.edges.map((e) => e.node.key)).toEqual(keys('de'));
  });

  it('combines the order with search, tag, archived and enabled filters', async () => {
    const nameDesc = { field: 'NAME', direction: 'DESC' };
    expect(await everyPage(nameDesc, 1, { tags: ['order-even'] })).toEqual(keys('hdfb'));
    expect(await everyPage(nameDesc, 1, { tags: ['order'], search: 'LTA' })).toEqual(keys('ah'));
    const statusDesc = { field: 'STATUS', direction: 'DESC', environment: 'production' };
    expect(await everyPage(statusDesc, 2, { tags: ['order'], archived: false })).toEqual(keys('bdfach'));
    expect(await everyPage(statusDesc, 2, { tags: ['order'], archived: true })).toEqual(keys('eg'));
    const onInProduction = { tags: ['order'], environment: 'production', enabled: true };
    expect(await everyPage({ field: 'UPDATED_AT', direction: 'DESC' }, 1, onInProduction)).toEqual(
      keys('each'),
    );
  });

  it('orders by status in filter.environment when orderBy names none', async () => {
    const filter = { tags: ['order'], environment: 'development' };
    // Only ord-d is on in development; archived last.
    expect(await everyPage({ field: 'STATUS' }, 3, filter)).toEqual(keys('dabcfheg'));
    expect(await everyPage({ field: 'STATUS', direction: 'DESC' }, 3, filter)).toEqual(keys('abcfhdeg'));
    // orderBy.environment wins over the filter's.
    expect(
      await everyPage({ field: 'STATUS', direction: 'ASC', environment: 'production' }, 3, filter),
    ).toEqual(keys('achbdfeg'));
  });

  it('refuses STATUS without an environment, or with one that does not exist, naming the field', async () => {
    const missing = await stack.gql(PAGE, { orderBy: { field: 'STATUS' } });
    expect(errorCodes(missing)).toEqual(['BAD_USER_INPUT']);
    expect(missing.errors?.[0]?.extensions?.field).toBe('orderBy.environment');
    expect(missing.errors?.[0]?.message).toMatch(
      /^orderBy\.environment: STATUS orders by the status in one environment/,
    );

    const unknown = await stack.gql(PAGE, { orderBy: { field: 'STATUS', environment: 'nowhere' } });
    expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors?.[0]?.extensions?.field).toBe('orderBy.environment');
    expect(unknown.errors?.[0]?.message).toBe('orderBy.environment: environment "nowhere" does not exist');

    const viaFilter = await stack.gql(PAGE, {
      filter: { environment: 'nowhere' },
      orderBy: { field: 'STATUS' },
    });
    expect(errorCodes(viaFilter)).toEqual(['BAD_USER_INPUT']);
    expect(viaFilter.errors?.[0]?.extensions?.field).toBe('filter.environment');
  });

  it('refuses a cursor of another order with BAD_USER_INPUT on after, saying how to go on', async () => {
    const cursorOf = async (orderBy: Order) => (await page({ orderBy, first: 2 })).flags.pageInfo.endCursor!;
    const cases: [Order, Order, string][] = [
      [{ field: 'NAME', direction: 'ASC' }, { field: 'KEY', direction: 'ASC' }, 'NAME ASC, not of KEY ASC'],
      [
        { field: 'NAME', direction: 'ASC' },
        { field: 'NAME', direction: 'DESC' },
        'NAME ASC, not of NAME DESC',
      ],
      [
        { field: 'STATUS', direction: 'ASC', environment: 'production' },
        { field: 'STATUS', direction: 'ASC', environment: 'staging' },
        'STATUS ASC in production, not of STATUS ASC in staging',
      ],
      [
        { field: 'KEY', direction: 'ASC' },
        { field: 'UPDATED_AT', direction: 'DESC' },
        'KEY ASC, not of UPDATED_AT DESC',
      ],
    ];
    for (const [from, to, says] of cases) {
      const body = await stack.gql(PAGE, {
        filter: { tags: ['order'] },
        orderBy: to,
        after: await cursorOf(from),
      });
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors?.[0]?.extensions?.field).toBe('after');
      expect(body.errors?.[0]?.message).toContain(says);
      expect(body.errors?.[0]?.message).toContain('leave out after to start at the first page');
    }
    // A bare key (the cursor format before orderBy) belongs to the key order only.
    const legacy = Buffer.from('ord-c', 'utf8').toString('base64url');
    const body = await stack.gql(PAGE, { orderBy: { field: 'NAME' }, after: legacy });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.message).toContain('(KEY ASC), not of NAME ASC');
  });

  it('refuses a tampered cursor as BAD_USER_INPUT rather than failing in SQL', async () => {
    const forged = Buffer.from(JSON.stringify({ o: 'UPDATED_AT ASC', v: 'yesterday', k: 'ord-a' })).toString(
      'base64url',
    );
    const body = await stack.gql(PAGE, { orderBy: { field: 'UPDATED_AT' }, after: forged });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions?.field).toBe('after');
  });

  it('refuses an unknown order field before any resolver runs', async () => {
    const body = await stack.gql(PAGE, { orderBy: { field: 'POPULARITY' } });
    expect(body.data ?? null).toBeNull();
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.message).toMatch(/POPULARITY/);
  });
});
