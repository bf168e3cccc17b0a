import { GRAPH_FLAG_VALUE_FIELDS } from '@switchyard/core';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  getOperationAST,
  type GraphQLObjectType,
  type GraphQLSchema,
  isLeafType,
  isObjectType,
  Kind,
  parse,
  type SelectionSetNode,
  validate,
} from 'graphql';
import { LeafProjection } from './leaf-projection';

/** The query fields the edge answers. */
export type EdgeField = 'evaluate' | 'assignment' | 'flagSet';

/** A document the edge answers, with the operation name /metrics reports it under. */
export interface EdgeDocument {
  field: EdgeField;
  projection: LeafProjection;
  operationName: string;
}

/** The fields of `type` the edge can answer: its leaves (an entity link such as `experiment` is not one). */
function leafFieldsOf(type: GraphQLObjectType): Set<string> {
  const leaves = new Set(['__typename']);
  for (const [name, field] of Object.entries(type.getFields()))
    if (isLeafType(getNamedType(field.type))) leaves.add(name);
  return leaves;
}

/** Directives the edge executes exactly as the gateway would; anything else goes the federated way. */
const PLAIN_DIRECTIVES = new Set(['include', 'skip']);
const MAX_DOCUMENTS = 1000;

/**
 * Decides, once per document, whether the edge can answer it: a valid query whose root fields are
 * all `evaluate` (selecting only the scalar fields every FlagValue carries) or all `assignment`
 * (selecting only leaves of Assignment) or all `flagSet` (leaves of FlagSet), besides `__typename`. Anything else (other fields, entity
 * links, @defer, mutations) is planned and executed by the gateway as usual, so the edge can never
 * answer differently.
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

    const rootFields = new Set<string>();
    for (const s of operation.selectionSet.selections)
      if (s.kind === Kind.FIELD && s.name.value !== '__typename') rootFields.add(s.name.value);
    const [field] = rootFields;
    const answerable = field && rootFields.size === 1 ? this.answerableFields(schema, field) : null;
    if (!answerable) return null;

    let aliases = 0;
    let plain = true;
    const countAndCheckDirectives = (node: { directives?: readonly { name: { value: string } }[] }) => {
      for (const d of node.directives ?? []) if (!PLAIN_DIRECTIVES.has(d.name.value)) plain = false;
    };
    const answerableOnly = (set: SelectionSetNode): boolean =>
      set.selections.every((s) => {
        countAndCheckDirectives(s);
        if (s.kind === Kind.FIELD) {
          if (s.alias) aliases++;
          return !s.selectionSet && answerable.has(s.name.value);
        }
        if (s.kind === Kind.INLINE_FRAGMENT) return answerableOnly(s.selectionSet);
        const fragment = fragments.get(s.name.value);
        return fragment !== undefined && answerableOnly(fragment.selectionSet);
      });

    countAndCheckDirectives(operation);
    const eligible = operation.selectionSet.selections.every((s) => {
      if (s.kind !== Kind.FIELD) return false;
      countAndCheckDirectives(s);
      if (s.alias) aliases++;
      if (s.name.value === '__typename') return true;
      return s.selectionSet !== undefined && answerableOnly(s.selectionSet);
    });
    // Over the alias limit: the gateway refuses it with its usual error.
    return eligible && plain && aliases <= this.maxAliases
      ? {
          field: field as EdgeField,
          projection: new LeafProjection(schema, document, operation, field as EdgeField),
          operationName: operation.name?.value ?? 'anonymous',
        }
      : null;
  }

  /** The fields the edge can select under root field `name`; null when it does not answer that field. */
  private answerableFields(schema: GraphQLSchema, name: string): ReadonlySet<string> | null {
    if (name === 'evaluate') return GRAPH_FLAG_VALUE_FIELDS;
    if (name === 'assignment' || name === 'flagSet') {
      const type = schema.getType(name === 'assignment' ? 'Assignment' : 'FlagSet');
      return isObjectType(type) ? leafFieldsOf(type) : null;
    }
    return null;
  }
}
