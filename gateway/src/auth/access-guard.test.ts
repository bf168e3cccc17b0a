import type { Identity } from '@switchyard/server-kit';
import { parse } from 'graphql';
import { anonymous } from './authenticator';
import { checkAccess, rootFieldNames } from './access-guard';

const fields = (q: string) => {
  const doc = parse(q);
  return rootFieldNames(doc.definitions[0] as never, doc);
};
const key = (keyKind: 'server' | 'client'): Identity => ({
  id: 'apiKey:1',
  name: 'k',
  kind: 'apiKey',
  role: null,
  permissions: [],
  environment: 'development',
  keyKind,
});

describe('the gateway access gate', () => {
  it('finds root fields through fragments', () => {
    expect(
      fields('{ ...A me { id } } fragment A on Query { flags { totalCount } ... on Query { users { id } } }'),
    ).toEqual(['flags', 'users', 'me']);
  });

  it('lets anonymous callers sign in, and introspect only in development', () => {
    expect(checkAccess(anonymous, ['login'], { introspectionForAnonymous: false })).toBeNull();
    expect(checkAccess(anonymous, ['__schema'], { introspectionForAnonymous: true })).toBeNull();
    // Production: introspection is for authenticated callers only.
    expect(checkAccess(anonymous, ['__schema'], { introspectionForAnonymous: false })?.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      checkAccess(anonymous, ['login', 'flags'], { introspectionForAnonymous: true })?.extensions.code,
    ).toBe('UNAUTHENTICATED');
  });

  it('confines SDK keys to their root fields', () => {
    const opts = { introspectionForAnonymous: false };
    expect(checkAccess(key('client'), ['evaluate', 'trackEvents'], opts)).toBeNull();
    expect(checkAccess(key('client'), ['flagSet'], opts)?.extensions.code).toBe('FORBIDDEN');
    expect(checkAccess(key('server'), ['flagSet', '__schema'], opts)).toBeNull();
    expect(checkAccess(key('server'), ['createFlag'], opts)?.extensions.code).toBe('FORBIDDEN');
  });
});
