import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type OperationDefinitionNode,
  SchemaMetaFieldDef,
  type SelectionSetNode,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
} from 'graphql';

export interface OperationLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxIntrospectionCost: number;
}

export interface OperationShape {
  depth: number;
  cost: number;
  aliases: number;
  /** The cost of the `__schema` and `__type` selections, measured alike but budgeted apart. */
  introspectionCost: number;
}

/** Roots of introspection: answered from the gateway's schema in memory, however many types it has. */
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** List arguments that multiply the cost of what is below them. */
const PAGE_ARGS = new Set(['first', 'last', 'limit']);
/** What a list without a page size (or with one given as a literal we cannot read) counts for. */
export const DEFAULT_LIST_SIZE = 10;

function fieldDef(
  schema: GraphQLSchema | undefined,
  parent: GraphQLCompositeType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === '__typename') return TypeNameMetaFieldDef;
  if (schema && parent === schema.getQueryType()) {
    if (name === '__schema') return SchemaMetaFieldDef;
    if (name === '__type') return TypeMetaFieldDef;
  }
  if (parent && (isObjectType(parent) || isInterfaceType(parent))) return parent.getFields()[name];
  return undefined;
}

/**
 * Depth, cost and alias count of an operation, through fragments. Every field counts,
 * introspection (`__schema`, `__type`, `__typename`) included. Cost: 1 per field, times the
 * page size (`first`/`last`/`limit`) of each enclosing paginated field, or DEFAULT_LIST_SIZE
 * for an enclosing list without one (known from `schema`), so asking for 1,000 flags with
 * their experiments costs what it will cost the subgraphs. A connection's own list
 * (`nodes`, `edges`) is the page: it does not multiply again. Introspection is measured the
 * same way (its lists of types, fields and arguments multiply) into `introspectionCost`, a
 * budget of its own because one full introspection query (GraphiQL's, codegen's) costs about
 * 50,000; a type reference's `ofType` only unwraps a list or non-null and adds no depth, so
 * that query is 6 levels deep.
 */
export function measureOperation(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  schema?: GraphQLSchema,
): OperationShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const typeNamed = (name: string | undefined) => {
    const t = name && schema ? schema.getType(name) : undefined;
    return t && isCompositeType(t) ? t : undefined;
  };
  let aliases = 0;
  let depth = 0;
  let introspectionCost = 0;
  const walk = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType | undefined,
    level: number,
    multiplier: number,
    paged: boolean,
    seen: ReadonlySet<string>,
  ): number => {
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.alias) aliases += 1;
        const name = s.name.value;
        // An `ofType` chain is as deep as the schema's wrapping, not the caller's choice.
        const fieldLevel = name === 'ofType' ? level - 1 : level;
        depth = Math.max(depth, fieldLevel);
        cost += multiplier;
        if (!s.selectionSet) continue;
        const def = fieldDef(schema, parent, s.name.value);
        let pageSize: number | null = null;
        for (const a of s.arguments ?? []) {
          if (!PAGE_ARGS.has(a.name.value)) continue;
          const v =
            a.value.kind === Kind.INT
              ? Number(a.value.value)
              : a.value.kind === Kind.VARIABLE
                ? Number(variables[a.value.name.value] ?? DEFAULT_LIST_SIZE)
                : DEFAULT_LIST_SIZE;
          pageSize = Number.isFinite(v) && v > 0 ? v : DEFAULT_LIST_SIZE;
        }
        const isList = def ? isListType(getNullableType(def.type)) : false;
        // A list inside a paginated field is that page (a connection's nodes or edges).
        const size = pageSize ?? (isList && !paged ? DEFAULT_LIST_SIZE : 1);
        const child = def ? getNamedType(def.type) : undefined;
        const below = walk(
          s.selectionSet,
          child && isCompositeType(child) ? child : undefined,
          fieldLevel + 1,
          multiplier * size,
          pageSize !== null && !isList,
          seen,
        );
        if (level === 1 && INTROSPECTION_ROOTS.has(name)) {
          introspectionCost += below + multiplier;
          cost -= multiplier;
        } else cost += below;
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const t = s.typeCondition ? typeNamed(s.typeCondition.name.value) : parent;
        cost += walk(s.selectionSet, t, level, multiplier, paged, seen);
      } else {
        const f = fragments.get(s.name.value);
        // A fragment spread inside itself is invalid GraphQL; stop rather than loop.
        if (f && !seen.has(f.name.value))
          cost += walk(
            f.selectionSet,
            typeNamed(f.typeCondition.name.value),
            level,
            multiplier,
            paged,
            new Set([...seen, f.name.value]),
          );
      }
    }
    return cost;
  };
  const root =
    operation.operation === 'mutation'
      ? schema?.getMutationType()
      : operation.operation === 'subscription'
        ? schema?.getSubscriptionType()
        : schema?.getQueryType();
  const cost = walk(operation.selectionSet, root ?? undefined, 1, 1, false, new Set());
  return { depth, cost, aliases, introspectionCost };
}

function tooBig(message: string, extensions: Record<string, unknown>) {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...extensions, http: { status: 400 } },
  });
}

export function checkOperationLimits(shape: OperationShape, limits: OperationLimits): GraphQLError | null {
  if (shape.depth > limits.maxDepth)
    return tooBig(
      `The operation is ${shape.depth} levels deep; the limit is ${limits.maxDepth} (MAX_QUERY_DEPTH)`,
      { limit: 'depth', value: shape.depth, max: limits.maxDepth },
    );
  if (shape.aliases > limits.maxAliases)
    return tooBig(
      `The operation uses ${shape.aliases} aliases; the limit is ${limits.maxAliases} (MAX_QUERY_ALIASES)`,
      { limit: 'aliases', value: shape.aliases, max: limits.maxAliases },
    );
  if (shape.cost > limits.maxCost)
    return tooBig(
      `The operation would cost ${shape.cost}; the limit is ${limits.maxCost} (MAX_QUERY_COST). Ask for smaller pages.`,
      { limit: 'cost', value: shape.cost, max: limits.maxCost },
    );
  if (shape.introspectionCost > limits.maxIntrospectionCost)
    return tooBig(
      `The introspection in this operation would cost ${shape.introspectionCost}; the limit is ${limits.maxIntrospectionCost} (MAX_INTROSPECTION_COST). Ask for the schema once.`,
      { limit: 'introspection-cost', value: shape.introspectionCost, max: limits.maxIntrospectionCost },
    );
  return null;
}

/** Refuses operations that are too deep, too costly or too aliased before any subgraph is asked. */
export function operationLimitsPlugin(limits: OperationLimits): ApolloServerPlugin<{ internal?: boolean }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue, schema }) {
          if (!operation || contextValue.internal) return;
          const refused = checkOperationLimits(
            measureOperation(operation, document, request.variables ?? {}, schema),
            limits,
          );
          if (refused) throw refused;
        },
      };
    },
  };
}
