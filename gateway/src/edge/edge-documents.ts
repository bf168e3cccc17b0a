import { GRAPH_FLAG_VALUE_FIELDS } from '@switchyard/core';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getOperationAST,
  Kind,
  parse,
  type SelectionSetNode,
  validate,
  type GraphQLSchema,
} from 'graphql';
import { FlagValueProjection } from './flag-value-projection';

/** A document the edge answers, with the operation name /metrics reports it under. */
export interface EdgeDocument {
  projection: FlagValueProjection;
  operationName: string;
}

/** Directives the edge executes exactly as the gateway would; anything else goes the federated way. */
const PLAIN_DIRECTIVES = new Set(['include', 'skip']);
const MAX_DOCUMENTS = 1000;

/**
 * Decides, once per document, whether the evaluation edge can answer it: a valid query whose
 * root fields are all `evaluate` (or `__typename`), selecting only the scalar fields every
 * FlagValue carries. Anything else (other fields, entity links, @defer, mutations) is planned
 * and executed by the gateway as usual, so the edge can never answer differently.
 */
export class EdgeDocuments {
  private readonly cache = new WeakMap<GraphQLSchema, Map<string, EdgeDocument | null>>();

  constructor(private readonly maxAliases: number) {}

  documentFor(schema: GraphQLSchema, query: string, operationName: string | undefined): EdgeDocument | null {
    let bySchema = this.cache.get(schema);
    if (!bySchema) {
      bySchema = new Map();
      this.cache.set(schema, bySchema);
    }
    const key = `${operationName ?? ''}\u0000${query}`;
    const known = bySchema.get(key);
    if (known !== undefined) return known;
    const analysed = this.analyse(schema, query, operationName);
    // Bounded: an attacker sending endless distinct documents only evicts the cache.
    if (bySchema.size >= MAX_DOCUMENTS) bySchema.clear();
    bySchema.set(key, analysed);
    return analysed;
  }

  private analyse(
    schema: GraphQLSchema,
    query: string,
    operationName: string | undefined,
  ): EdgeDocument | null {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: 2000 });
    } catch {
      return null;
    }
    const operation = getOperationAST(document, operationName);
    if (operation?.operation !== 'query') return null;
    if (validate(schema, document).length > 0) return null;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of document.definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

    let aliases = 0;
    let plain = true;
    const countAndCheckDirectives = (node: { directives?: readonly { name: { value: string } }[] }) => {
      for (const d of node.directives ?? []) if (!PLAIN_DIRECTIVES.has(d.name.value)) plain = false;
    };
    const flagValueFieldsOnly = (set: SelectionSetNode): boolean =>
      set.selections.every((s) => {
        countAndCheckDirectives(s);
        if (s.kind === Kind.FIELD) {
          if (s.alias) aliases++;
          return !s.selectionSet && GRAPH_FLAG_VALUE_FIELDS.has(s.name.value);
        }
        if (s.kind === Kind.INLINE_FRAGMENT) return flagValueFieldsOnly(s.selectionSet);
        const fragment = fragments.get(s.name.value);
        return fragment !== undefined && flagValueFieldsOnly(fragment.selectionSet);
      });

    countAndCheckDirectives(operation);
    const eligible = operation.selectionSet.selections.every((s) => {
      if (s.kind !== Kind.FIELD) return false;
      countAndCheckDirectives(s);
      if (s.alias) aliases++;
      if (s.name.value === '__typename') return true;
      return (
        s.name.value === 'evaluate' && s.selectionSet !== undefined && flagValueFieldsOnly(s.selectionSet)
      );
    });
    // Over the alias limit: the gateway refuses it with its usual error.
    return eligible && plain && aliases <= this.maxAliases
      ? {
          projection: new FlagValueProjection(schema, document, operation),
          operationName: operation.name?.value ?? 'anonymous',
        }
      : null;
  }
}
