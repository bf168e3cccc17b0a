import { buildSchema } from 'graphql';
import { DocumentCache } from './document-cache';
import { translateSubscriptionShared } from './translate';

const SDL = `type Query { configChanges(environment: String, sinceVersion: Int!, first: Int): [Change!]! }
type Subscription { configChanged(environment: String, sinceVersion: Int): Change! }
type Change { seq: Int! kind: String! }`;
const DOC = 'subscription($env: String) { configChanged(environment: $env) { seq kind } }';
const target = {
  field: 'configChanges',
  argTypes: { environment: 'String', sinceVersion: 'Int!', first: 'Int' },
  mapArgs: (a: Record<string, unknown>) => ({ environment: a.environment ?? null }),
  seqField: 'seq',
};

describe('DocumentCache', () => {
  it('parses and validates a document once per schema, and shares its translation', () => {
    const schema = buildSchema(SDL);
    const cache = new DocumentCache();
    const first = cache.check(schema, DOC);
    const again = cache.check(schema, DOC);
    expect('document' in first && 'document' in again && first.document === again.document).toBe(true);
    if (!('document' in first)) return;
    const a = translateSubscriptionShared(first.document, null, { env: 'production' }, target);
    expect(translateSubscriptionShared(first.document, null, { env: 'production' }, target)).toBe(a);
    expect(translateSubscriptionShared(first.document, null, { env: 'staging' }, target)).not.toBe(a);

    // A new supergraph revalidates.
    const next = cache.check(buildSchema(SDL), DOC);
    expect('document' in next && next.document !== first.document).toBe(true);
  });

  it('keeps validation and syntax errors as errors', () => {
    const schema = buildSchema(SDL);
    const cache = new DocumentCache();
    const invalid = cache.check(schema, 'subscription { configChanged { nope } }');
    expect('errors' in invalid && invalid.errors[0]?.message).toMatch(/nope/);
    const broken = cache.check(schema, 'subscription {');
    expect('errors' in broken && broken.errors[0]?.message).toMatch(/Syntax Error/);
  });
});
