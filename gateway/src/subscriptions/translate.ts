import {
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
  visit,
} from 'graphql';

/** A subscription field re-expressed as a query the federated graph can execute. */
export interface TranslatedSubscription {
  /** The subscription's root field, e.g. `configChanged`. */
  field: string;
  /** The response key the subscriber expects (the alias, or the field name). */
  responseKey: string;
  /** The root field's argument values, variables substituted. */
  args: Record<string, unknown>;
  /** The query document and the original variables it still uses. */
  query: DocumentNode;
  queryText: string;
  variables: Record<string, unknown>;
}

export const RESULT_KEY = 'items';

function findOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const op = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!op) throw new Error(`operation ${operationName ?? ''} not found`);
  return op;
}

function argValues(args: readonly ArgumentNode[] | undefined, variables: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const a of args ?? []) out[a.name.value] = valueFromASTUntyped(a.value as ValueNode, variables);
  return out;
}

/** Variables and fragments the selection set needs, following fragment spreads. */
function dependencies(selectionSet: SelectionSetNode, document: DocumentNode) {
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  );
  const usedFragments = new Map<string, FragmentDefinitionNode>();
  const usedVariables = new Set<string>();
  const walk = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      [Kind.VARIABLE]: (v: { name: { value: string } }) => {
        usedVariables.add(v.name.value);
      },
      [Kind.FRAGMENT_SPREAD]: (s: { name: { value: string } }) => {
        const f = fragments.get(s.name.value);
        if (f && !usedFragments.has(f.name.value)) {
          usedFragments.set(f.name.value, f);
          walk(f);
        }
      },
    });
  walk(selectionSet);
  return { fragments: [...usedFragments.values()], variables: usedVariables };
}

// Subscribers of one document share its translation: registering 10,000 of them must not
// print and parse 10,000 queries. Keyed by the (cached, shared) document object.
const translations = new WeakMap<DocumentNode, Map<string, TranslatedSubscription>>();

/** `translateSubscription`, computed once per document, operation, target and variables. */
export function translateSubscriptionShared(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  target: Parameters<typeof translateSubscription>[3],
): TranslatedSubscription {
  let byKey = translations.get(document);
  if (!byKey) {
    byKey = new Map();
    translations.set(document, byKey);
  }
  const key = `${operationName ?? ''}\n${target.field}\n${JSON.stringify(variables)}`;
  let translated = byKey.get(key);
  if (!translated) {
    translated = translateSubscription(document, operationName, variables, target);
    // Bounded: variables can differ per subscriber (evaluation contexts).
    if (byKey.size >= 1000) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, translated);
  }
  return translated;
}

/**
 * Builds `query($__since: Int!, $__first: Int!, ...) { items: <target>(<args>, sinceVersion: $__since, first: $__first) { <selection> } }`
 * from `subscription { <field>(<args>) { <selection> } }`, so the payload resolves
 * through the gateway's query plan and can select fields owned by any subgraph.
 * `replaceArgs` maps the subscription's arguments to the target field's literal ones.
 */
export function translateSubscription(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  target: {
    field: string;
    /** Arguments passed as variables of the query: name → GraphQL type. */
    argTypes: Record<string, string>;
    /** Which of the subscription's arguments become which of the target's. */
    mapArgs: (args: Record<string, unknown>) => Record<string, unknown>;
    /** Selected too, as `__seq`, so events can be ordered and deduplicated whatever the client selects. */
    seqField?: string;
  },
): TranslatedSubscription {
  const op = findOperation(document, operationName);
  const root = op.selectionSet.selections[0] as FieldNode;
  const args = argValues(root.arguments, variables);
  const deps = dependencies(root.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] }, document);
  const targetArgs = target.mapArgs(args);
  const variableDefinitions = (op.variableDefinitions ?? []).filter((d) =>
    deps.variables.has(d.variable.name.value),
  );
  const keptVariables: Record<string, unknown> = {};
  for (const name of deps.variables) if (name in variables) keptVariables[name] = variables[name];
  // Target arguments travel as `$__name` variables so the query text does not vary with them.
  const argList = Object.keys(target.argTypes)
    .map((name) => `${name}: $__${name}`)
    .join(', ');
  const varDefs = [
    ...Object.entries(target.argTypes).map(([name, type]) => `$__${name}: ${type}`),
    ...variableDefinitions.map((d) => print(d)),
  ].join(', ');
  const printed = root.selectionSet ? print(root.selectionSet) : '{ __typename }';
  const selection = target.seqField ? printed.replace(/^\{/, `{ __seq: ${target.seqField}`) : printed;
  const text = [
    `query SubscriptionPayload(${varDefs}) { ${RESULT_KEY}: ${target.field}(${argList}) ${selection} }`,
    ...deps.fragments.map((f) => print(f)),
  ].join('\n');
  const query = parse(text);
  for (const [name, value] of Object.entries(targetArgs)) keptVariables[`__${name}`] = value;
  return {
    field: root.name.value,
    responseKey: root.alias?.value ?? root.name.value,
    args,
    query,
    queryText: text,
    variables: keptVariables,
  };
}
