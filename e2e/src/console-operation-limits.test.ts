import { formatDocument } from '@urql/core';
import { startTestStack, type TestStack } from '@switchyard/testkit';
import { type DocumentNode, Kind, type OperationDefinitionNode, print } from 'graphql';
import * as consoleDocuments from '../../admin-web/lib/gql/graphql';

// Every operation the console sends must fit the gateway's default limits (depth, aliases,
// cost) as urql sends it: urql adds `__typename` to every selection set, and the cost
// model counts every field, so a console page can break although its query looks small
// (the flag export did, at pages of 500). The limits are checked before variables are
// coerced, so each document is sent without variables except its page sizes: nothing runs.

/** The largest page each paged console operation asks for (kept next to the callers' constants). */
const LARGEST_PAGE: Record<string, Record<string, number>> = {
  AuditLog: { first: 500 },
  FlagList: { first: 200 },
  ChangeRequests: { first: 100 },
};

function operationsOf(): { name: string; kind: string; document: DocumentNode }[] {
  const found: { name: string; kind: string; document: DocumentNode }[] = [];
  for (const [exportName, value] of Object.entries(consoleDocuments)) {
    if (!exportName.endsWith('Document') || typeof value !== 'object' || value === null) continue;
    const document = value as DocumentNode;
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    if (!operation?.name) continue;
    found.push({ name: operation.name.value, kind: operation.operation, document: formatDocument(document) });
  }
  return found;
}

const LIMIT_ERROR = /MAX_QUERY_(COST|DEPTH|ALIASES)|MAX_INTROSPECTION_COST/;

describe("the console's operations under the gateway's default limits", () => {
  let stack: TestStack;
  const operations = operationsOf();

  beforeAll(async () => {
    stack = await startTestStack({ seedDemo: true });
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('finds the console documents, and a page size for every paged one', () => {
    expect(operations.length).toBeGreaterThan(30);
    for (const { name, document } of operations) {
      const operation = document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      const pageVariables = (operation?.variableDefinitions ?? [])
        .map((v) => v.variable.name.value)
        .filter((v) => ['first', 'last', 'limit'].includes(v));
      for (const variable of pageVariables) {
        // A new paged document needs its largest page here, or its cost is not what it will be.
        expect({ name, variable, page: LARGEST_PAGE[name]?.[variable] }).toEqual({
          name,
          variable,
          page: expect.any(Number),
        });
      }
    }
  });

  it('sends every query and mutation over HTTP without a limit refusal', async () => {
    const refused: string[] = [];
    for (const { name, kind, document } of operations) {
      if (kind === 'subscription') continue;
      const body = await stack.gql(print(document), LARGEST_PAGE[name] ?? {});
      for (const error of body.errors ?? []) {
        if (LIMIT_ERROR.test(error.message)) refused.push(`${name}: ${error.message}`);
      }
    }
    expect(refused).toEqual([]);
  }, 120_000);

  it('opens every subscription over WebSocket without a limit refusal', async () => {
    const subscriptions = operations.filter((o) => o.kind === 'subscription');
    expect(subscriptions.length).toBeGreaterThan(0);
    const refused: string[] = [];
    for (const { name, document } of subscriptions) {
      // Sent without its required variables, the subscription ends with an error once the
      // limits have passed it (they are checked first), so nothing stays open.
      const subscription = await stack.subscribe(print(document), {});
      const { error } = await subscription.ended;
      await subscription.close();
      const message = JSON.stringify(error ?? subscription.events);
      expect({ name, ended: message.length > 0 }).toEqual({ name, ended: true });
      if (LIMIT_ERROR.test(message)) refused.push(`${name}: ${message}`);
    }
    expect(refused).toEqual([]);
  }, 120_000);
});
