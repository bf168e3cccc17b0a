import { describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { createRequest, makeOperation } from 'urql';
import { declaresProject, withProject } from './project-exchange';

const flagList = parse(
  'query FlagList($project: String, $first: Int!) { flags(project: $project, first: $first) { totalCount } }',
);
const users = parse('query Users { users { id } }');

function operation(
  document: ReturnType<typeof parse>,
  variables: Record<string, unknown>,
  kind: 'query' | 'teardown' = 'query',
) {
  return makeOperation(kind, createRequest(document, variables), {
    url: '/graphql',
    requestPolicy: 'cache-first',
  } as never);
}

describe('the project exchange', () => {
  it("fills the chosen project into a document that declares $project and was given none, keeping the caller's key", () => {
    const op = operation(flagList, { first: 20 });
    const sent = withProject(op, 'mobile');
    expect(sent.variables).toEqual({ first: 20, project: 'mobile' });
    expect(sent.key).toBe(op.key);
  });

  it('keeps a project the caller named, null included', () => {
    expect(withProject(operation(flagList, { first: 1, project: 'default' }), 'mobile').variables).toEqual({
      first: 1,
      project: 'default',
    });
    expect(withProject(operation(flagList, { first: 1, project: null }), 'mobile').variables).toEqual({
      first: 1,
      project: null,
    });
  });

  it('leaves documents without $project, and teardowns, as they are', () => {
    const op = operation(users, {});
    expect(withProject(op, 'mobile')).toBe(op);
    const teardown = operation(flagList, { first: 1 }, 'teardown');
    expect(withProject(teardown, 'mobile')).toBe(teardown);
  });

  it('reads the declaration, not a field argument named project', () => {
    expect(declaresProject(parse('query A { flags(project: "x") { totalCount } }'))).toBe(false);
    expect(declaresProject(parse('mutation B($project: String) { a(project: $project) }'))).toBe(true);
  });
});
