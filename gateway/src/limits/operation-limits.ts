import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface OperationLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
}

export interface OperationShape {
  depth: number;
  cost: number;
  aliases: number;
}

/** List arguments that multiply the cost of what is below them. */
const PAGE_ARGS = new Set(['first', 'last', 'limit']);
const DEFAULT_LIST_SIZE = 10;

/**
 * Depth, cost and alias count of an operation, through fragments. Cost: 1 per field,
 * times the page size (`first`/`limit`) of each enclosing paginated field, so asking for
 * 1,000 flags with their experiments costs what it will cost the subgraphs.
 */
export function measureOperation(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
): OperationShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let aliases = 0;
  let depth = 0;
  const walk = (
    set: SelectionSetNode,
    level: number,
    multiplier: number,
    seen: ReadonlySet<string>,
  ): number => {
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value.startsWith('__')) continue;
        if (s.alias) aliases += 1;
        depth = Math.max(depth, level);
        cost += multiplier;
        if (s.selectionSet) {
          let size = 1;
          for (const a of s.arguments ?? []) {
            if (!PAGE_ARGS.has(a.name.value)) continue;
            const v =
              a.value.kind === Kind.INT
                ? Number(a.value.value)
                : a.value.kind === Kind.VARIABLE
                  ? Number(variables[a.value.name.value] ?? DEFAULT_LIST_SIZE)
                  : DEFAULT_LIST_SIZE;
            size = Number.isFinite(v) && v > 0 ? v : DEFAULT_LIST_SIZE;
          }
          cost += walk(s.selectionSet, level + 1, multiplier * size, seen);
        }
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(s.selectionSet, level, multiplier, seen);
      } else {
        const f = fragments.get(s.name.value);
        // A fragment spread inside itself is invalid GraphQL; stop rather than loop.
        if (f && !seen.has(f.name.value))
          cost += walk(f.selectionSet, level, multiplier, new Set([...seen, f.name.value]));
      }
    }
    return cost;
  };
  const cost = walk(operation.selectionSet, 1, 1, new Set());
  return { depth, cost, aliases };
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
  return null;
}

/** Refuses operations that are too deep, too costly or too aliased before any subgraph is asked. */
export function operationLimitsPlugin(limits: OperationLimits): ApolloServerPlugin<{ internal?: boolean }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (!operation || contextValue.internal) return;
          const refused = checkOperationLimits(
            measureOperation(operation, document, request.variables ?? {}),
            limits,
          );
          if (refused) throw refused;
        },
      };
    },
  };
}
