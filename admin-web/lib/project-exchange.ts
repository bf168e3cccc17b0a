import { type DocumentNode, Kind } from 'graphql';
import { type Exchange, makeOperation, mapExchange, type Operation } from 'urql';

/**
 * Puts the console's chosen project into every operation that asks for it, so the pages call their
 * documents as before and still work in the chosen project: a document declaring a `$project` variable
 * gets `project` when the caller gave none (an explicit value, null included, is kept). Documents that
 * declare none are sent unchanged (installation-wide ones: users, roles, integrations). The console makes
 * one client per project (lib/graphql-client.ts), so the document cache never mixes two projects' answers
 * under one key.
 */
export function projectExchange(project: string): Exchange {
  return mapExchange({ onOperation: (operation) => withProject(operation, project) });
}

export function withProject(operation: Operation, project: string): Operation {
  if (operation.kind === 'teardown' || !declaresProject(operation.query)) return operation;
  const variables = (operation.variables ?? {}) as Record<string, unknown>;
  if (variables.project !== undefined) return operation;
  // Same key: the cache is the project's own, and urql matches results to the caller by key.
  return makeOperation(
    operation.kind,
    { ...operation, variables: { ...variables, project } },
    operation.context,
  );
}

const declared = new WeakMap<DocumentNode, boolean>();

/** Whether the document's operation declares `$project` (remembered per document). */
export function declaresProject(document: DocumentNode): boolean {
  let known = declared.get(document);
  if (known === undefined) {
    known = document.definitions.some(
      (d) =>
        d.kind === Kind.OPERATION_DEFINITION &&
        (d.variableDefinitions ?? []).some((v) => v.variable.name.value === 'project'),
    );
    declared.set(document, known);
  }
  return known;
}
