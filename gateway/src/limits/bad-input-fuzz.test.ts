import { startTestStack, type TestStack } from '@switchyard/testkit';
import {
  buildClientSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  type IntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * Issue 20's fuzz suite: every query, mutation and subscription of the graph the gateway serves
 * (read from the running gateway by introspection), each argument given values that must be refused
 * (wrong types, NUL and lone surrogates, over-long strings, numbers past their range, unknown enum
 * values, impossible date-times, made-up cursors, missing or unknown input fields, null where not
 * allowed), as variables and as literals, over HTTP and WebSocket. Every answer must be a refusal
 * with a client-error code, never a 5xx; no service restarts; nothing is written. The seed makes
 * the cases the same on every run.
 */

const SEED = 20_2026;
const MIN_CASES = 2000;
/** Codes that say "your request is wrong" (input coercion, our input checks, GraphQL validation). */
const EXPECTED = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
]);

/** mulberry32: a small seeded generator, so a failing case can be found again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value meant as a GraphQL literal rather than JSON (Infinity has no JSON form). */
class Literal {
  constructor(readonly text: string) {}
}

interface Bad {
  what: string;
  value: unknown;
}

function validValue(type: GraphQLInputType, depth = 0): unknown {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) return [validValue(nullable.ofType, depth + 1)];
  if (isEnumType(nullable)) return nullable.getValues()[0]!.name;
  if (isInputObjectType(nullable)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields()))
      if (isNonNullType(field.type) && field.defaultValue === undefined && depth < 6)
        value[field.name] = validValue(field.type, depth + 1);
    return value;
  }
  switch (isScalarType(nullable) ? nullable.name : '') {
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'ID':
      return '00000000-0000-0000-0000-000000000000';
    case 'DateTime':
      return '2026-01-01T00:00:00Z';
    case 'JSON':
      return { key: 'fuzz-user' };
    default:
      return 'fuzz';
  }
}

/** Values that must be refused wherever `type` is expected. */
function badValues(type: GraphQLInputType, name: string, depth = 0): Bad[] {
  const bad: Bad[] = [];
  if (isNonNullType(type)) bad.push({ what: 'null for a non-null', value: null });
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    for (const inner of badValues(nullable.ofType, name, depth + 1))
      bad.push({ what: `list item: ${inner.what}`, value: [validValue(nullable.ofType), inner.value] });
    return bad;
  }
  if (isEnumType(nullable)) {
    const first = nullable.getValues()[0]!.name;
    bad.push(
      { what: 'unknown enum value', value: 'NOT_A_VALUE' },
      { what: 'enum value in the wrong case', value: `${first.toLowerCase()}_x` },
      { what: 'number for an enum', value: 3 },
      { what: 'NUL in an enum value', value: `${first}\u0000` },
    );
    return bad;
  }
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields());
    bad.push(
      { what: 'string for an input object', value: 'not an object' },
      { what: 'unknown input field', value: { ...(validValue(nullable) as object), notAField: 1 } },
    );
    if (fields.some((f) => isNonNullType(f.type) && f.defaultValue === undefined))
      bad.push({ what: 'input object without its required fields', value: {} });
    if (depth < 3)
      for (const field of fields)
        for (const inner of badValues(field.type, field.name, depth + 1))
          bad.push({
            what: `${field.name}: ${inner.what}`,
            value: { ...(validValue(nullable) as object), [field.name]: inner.value },
          });
    return bad;
  }
  switch (isScalarType(nullable) ? nullable.name : '') {
    case 'Int':
      bad.push(
        { what: 'Int past 32 bits', value: 2 ** 31 },
        { what: 'fraction for an Int', value: 1.5 },
        { what: 'string for an Int', value: '1' },
        { what: 'huge negative Int', value: -(2 ** 53) },
        { what: 'Int literal past 32 bits', value: new Literal('99999999999999999999') },
      );
      break;
    case 'Float':
      bad.push(
        { what: 'string for a Float', value: '1.5' },
        { what: 'boolean for a Float', value: true },
        { what: 'Float literal 1e999', value: new Literal('1e999') },
        { what: 'Float literal -1e999', value: new Literal('-1e999') },
      );
      break;
    case 'Boolean':
      bad.push({ what: 'string for a Boolean', value: 'true' }, { what: 'number for a Boolean', value: 0 });
      break;
    case 'DateTime':
      bad.push(
        { what: 'not a date-time', value: 'not-a-date' },
        { what: 'impossible date-time', value: '2026-13-45T99:99:99Z' },
        { what: 'empty date-time', value: '' },
        { what: 'boolean for a DateTime', value: true },
        { what: 'number past the last date', value: 9e15 },
        { what: 'object for a DateTime', value: { at: 'now' } },
      );
      break;
    case 'JSON':
      bad.push(
        { what: 'NUL in a JSON key', value: { 'k\u0000': 1 } },
        { what: 'lone surrogate in a JSON value', value: ['\ud800'] },
        { what: 'NUL deep in JSON', value: { key: 'u', a: { b: { c: [{ d: 'x\u0000' }] } } } },
      );
      break;
    default: {
      // String and ID (and any other text scalar).
      const id = isScalarType(nullable) && nullable.name === 'ID';
      bad.push(
        { what: 'NUL', value: 'a\u0000b' },
        { what: 'lone high surrogate', value: 'a\ud800b' },
        { what: 'lone low surrogate', value: '\udc00' },
        { what: 'over-long string', value: 'x'.repeat(10_001) },
        { what: 'object for a string', value: { a: 1 } },
        { what: 'list of lists for a string', value: [['a']] },
      );
      if (!id) bad.push({ what: 'number for a string', value: 12 });
      if (name === 'after')
        bad.push(
          { what: 'made-up cursor', value: 'zzzz' },
          { what: 'cursor outside base64url', value: '%%%' },
        );
    }
  }
  return bad;
}

/** Thrown for a value GraphQL's literal syntax cannot say (an object key that is not a name). */
class Unsayable extends Error {}

function toLiteral(value: unknown, type: GraphQLInputType): string {
  if (value instanceof Literal) return value.text;
  if (value === null || value === undefined) return 'null';
  const nullable = getNullableType(type) as GraphQLInputType;
  if (Array.isArray(value)) {
    const item = isListType(nullable) ? nullable.ofType : nullable;
    return `[${value.map((v) => toLiteral(v, item)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const fields = isInputObjectType(nullable) ? nullable.getFields() : {};
    return `{ ${Object.entries(value)
      .map(([k, v]) => {
        if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(k)) throw new Unsayable(k);
        return `${k}: ${toLiteral(v, fields[k]?.type ?? nullable)}`;
      })
      .join(', ')} }`;
  }
  if (typeof value === 'string' && isEnumType(nullable) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value))
    return value;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function containsLiteral(value: unknown): boolean {
  if (value instanceof Literal) return true;
  if (Array.isArray(value)) return value.some(containsLiteral);
  if (value && typeof value === 'object') return Object.values(value).some(containsLiteral);
  return false;
}

interface Case {
  label: string;
  operation: 'query' | 'mutation' | 'subscription';
  query: string;
  variables: Record<string, unknown>;
}

function typeName(type: GraphQLInputType): string {
  return String(type);
}

function casesFor(
  operation: Case['operation'],
  field: GraphQLField<unknown, unknown>,
  next: () => number,
): Case[] {
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const cases: Case[] = [];
  const render = (arg: GraphQLArgument, bad: unknown, asLiteral: boolean): Case | null => {
    const variables: Record<string, unknown> = {};
    const definitions: string[] = [];
    const args: string[] = [];
    for (const a of field.args) {
      const value = a === arg ? bad : validValue(a.type);
      if (a === arg && asLiteral) {
        try {
          args.push(`${a.name}: ${toLiteral(value, a.type)}`);
        } catch (err) {
          if (err instanceof Unsayable) return null;
          throw err;
        }
        continue;
      }
      if (a !== arg && !isNonNullType(a.type)) continue;
      definitions.push(`$${a.name}: ${typeName(a.type)}`);
      args.push(`${a.name}: $${a.name}`);
      if (value !== undefined) variables[a.name] = value;
    }
    const head = definitions.length ? `(${definitions.join(', ')})` : '';
    const call = args.length ? `(${args.join(', ')})` : '';
    return {
      label: '',
      operation,
      query: `${operation} Fuzz${head} { ${field.name}${call}${selection} }`,
      variables,
    };
  };
  for (const arg of field.args) {
    for (const bad of badValues(arg.type, arg.name)) {
      // Infinity has no JSON form: such values go as literals only; the rest as variables, and a
      // third of them also as literals (validated by the gateway's schema, not coerced).
      const literalOnly = containsLiteral(bad.value);
      for (const asLiteral of literalOnly ? [true] : next() < 0.33 ? [false, true] : [false]) {
        const c = render(arg, bad.value, asLiteral);
        if (!c) continue;
        c.label = `${operation} ${field.name}(${arg.name}): ${bad.what}${asLiteral ? ' (literal)' : ''}`;
        cases.push(c);
      }
    }
    if (isNonNullType(arg.type)) {
      const c = render(arg, undefined, false)!;
      c.label = `${operation} ${field.name}(${arg.name}): required variable missing`;
      cases.push(c);
    }
  }
  return cases;
}

function allCases(schema: GraphQLSchema): Case[] {
  const next = random(SEED);
  const roots: [Case['operation'], ReturnType<GraphQLSchema['getQueryType']>][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  const cases: Case[] = [];
  for (const [operation, type] of roots)
    for (const field of Object.values(type?.getFields() ?? {}))
      cases.push(...casesFor(operation, field, next));
  return cases;
}

type Answer = { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown };

async function inPool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let at = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (at < items.length) await work(items[at++]!);
    }),
  );
}

describe('bad-input fuzz: every operation, HTTP and WebSocket', () => {
  let stack: TestStack;
  let schema: GraphQLSchema;
  let token: string;

  beforeAll(async () => {
    stack = await startTestStack({
      // Many subscribe operations on few connections; the subscribe limit has its own tests.
      env: { NODE_ENV: 'development', WS_SUBSCRIBE_PER_SECOND: '100000', WS_SUBSCRIBE_BURST: '100000' },
    });
    token = await stack.adminToken();
    const introspection = await stack.gqlOk<IntrospectionQuery>(getIntrospectionQuery());
    schema = buildClientSchema(introspection);
  }, 180_000);
  afterAll(() => stack?.stop());

  it('refuses every generated bad input with a client-error code, writing nothing and crashing nothing', async () => {
    const cases = allCases(schema);
    expect(cases.length).toBeGreaterThanOrEqual(MIN_CASES);
    const pids = new Map([...stack.services].map(([name, s]) => [name, s.pid]));
    const writesBefore = await stack.db.writeCounts();
    const wrong: string[] = [];
    const judge = (c: Case, transport: string, status: number, answer: Answer) => {
      const codes = (answer.errors ?? []).map((e) => String(e.extensions?.code));
      if (status >= 500 || codes.length === 0 || codes.some((code) => !EXPECTED.has(code)))
        wrong.push(
          `${transport} ${c.label}: status ${status}, ${JSON.stringify(answer).slice(0, 300)}\n  ${c.query.slice(0, 300)}`,
        );
    };

    // HTTP: every case that is not a subscription (a subscription over HTTP is refused before its values).
    const overHttp = cases.filter((c) => c.operation !== 'subscription');
    await inPool(overHttp, 8, async (c) => {
      const res = await fetch(stack.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: c.query, variables: c.variables, operationName: 'Fuzz' }),
      });
      const text = await res.text();
      let answer: Answer;
      try {
        answer = JSON.parse(text) as Answer;
      } catch {
        answer = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
      }
      judge(c, 'HTTP', res.status, answer);
    });

    // WebSocket: every subscription case, and every eighth of the others (refused as bad input or as
    // not a subscription, both before any value is used).
    const overWs = cases.filter((c, i) => c.operation === 'subscription' || i % 8 === 0);
    const clients: Client[] = Array.from({ length: 4 }, () =>
      createClient({
        url: stack.graphqlUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${token}` },
      }),
    );
    let turn = 0;
    await inPool(overWs, 8, async (c) => {
      const client = clients[turn++ % clients.length]!;
      const answer = await new Promise<Answer>((resolve) => {
        let dispose = () => {};
        // Failure detection only: an accepted bad subscription would otherwise wait for changes forever.
        const stuck = setTimeout(() => {
          dispose();
          resolve({ errors: [{ message: 'accepted: no refusal within 20 s' }] });
        }, 20_000);
        dispose = client.subscribe(
          { query: c.query, variables: c.variables, operationName: 'Fuzz' },
          {
            next: (value) => {
              clearTimeout(stuck);
              dispose();
              resolve(value as Answer);
            },
            error: (error) => {
              clearTimeout(stuck);
              resolve(
                Array.isArray(error)
                  ? { errors: error as Answer['errors'] }
                  : {
                      errors: [
                        { message: `connection error: ${String((error as Error)?.message ?? error)}` },
                      ],
                    },
              );
            },
            complete: () => {
              clearTimeout(stuck);
              resolve({ errors: [{ message: 'completed without an error' }] });
            },
          },
        );
      });
      judge(c, 'WS', 200, answer);
    });
    await Promise.all(clients.map((client) => client.dispose()));

    // All of them when few, else the first 20 and how many there are.
    expect(wrong.length > 20 ? [...wrong.slice(0, 20), `… ${wrong.length} in all`] : wrong).toEqual([]);
    expect(overHttp.length + overWs.length).toBeGreaterThanOrEqual(MIN_CASES);
    expect(await stack.db.writeCounts()).toEqual(writesBefore);
    for (const [name, service] of stack.services) {
      expect(service.running).toBe(true);
      expect(service.pid).toBe(pids.get(name));
    }
    const health = await fetch(`${stack.gatewayUrl}/health`);
    expect(health.status).toBe(200);
  }, 600_000);
});
