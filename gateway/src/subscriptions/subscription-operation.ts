import type { Identity } from '@switchyard/server-kit';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { checkAccess, rootFieldNames } from '../auth/access-guard';
import { checkInputValues } from '../limits/input-values';
import { checkOperationLimits, measureOperation, type OperationLimits } from '../limits/operation-limits';
import type { DocumentCache } from './document-cache';

/** What a subscription field needs to produce its stream. */
export interface SubscriptionContext {
  identity: Identity;
  /** Permission scope: subscribers in one scope may share executions. */
  scopeKey: string;
  document: DocumentNode;
  operationName: string | null;
  variables: Record<string, unknown>;
  /** The operation's cost under the gateway's cost model: what one event's payload costs. */
  cost: number;
}

export type SubscriptionField = (
  ctx: SubscriptionContext,
) => AsyncIterableIterator<ExecutionResult> | ExecutionResult;

/** What a prepared operation hands to `serveSubscription` about the subscriber. */
interface SubscriberContext {
  identity: Identity;
  cost: number;
}

/**
 * Who may share a resolution: same kind, role, grants, key environment and key project (an SDK key's
 * subscription that names no project works in the key's own: keys of two projects must not share one).
 */
export function scopeKeyOf(identity: Identity): string {
  return [
    identity.kind,
    identity.role ?? '',
    [...identity.permissions].sort().join(','),
    identity.environment ?? '',
    identity.keyKind ?? '',
    identity.project ?? '',
  ].join('|');
}

/**
 * The checks every subscribe operation passes, whichever transport carries it (graphql-ws, GraphQL
 * over SSE): a subscription document, the HTTP path's operation limits, coerced variables, input
 * values, the caller's access. Errors are returned, not thrown, for the transport to deliver.
 */
export function prepareSubscription(
  schema: GraphQLSchema,
  documents: DocumentCache,
  operationLimits: OperationLimits,
  identity: Identity,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  transport: string,
): ExecutionArgs | readonly GraphQLError[] {
  const checked = documents.check(schema, payload.query);
  if ('errors' in checked) return checked.errors;
  const document = checked.document;
  const op = document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION &&
      (!payload.operationName || d.name?.value === payload.operationName),
  );
  if (op?.operation !== 'subscription') {
    return [
      new GraphQLError(
        `Only subscriptions are served over ${transport}; send queries and mutations with HTTP POST`,
        {
          extensions: { code: 'BAD_REQUEST' },
        },
      ),
    ];
  }
  const shape = measureOperation(op, document, (payload.variables ?? {}) as Record<string, unknown>, schema);
  const tooBig = checkOperationLimits(shape, operationLimits);
  if (tooBig) return [tooBig];
  // The subscription fields read their arguments from these values without executing
  // the operation, so they are coerced here as HTTP's execution would: a missing or
  // mistyped variable is refused instead of subscribing to `undefined`.
  const coerced = getVariableValues(schema, op.variableDefinitions ?? [], payload.variables ?? {}, {
    maxErrors: 20,
  });
  if (coerced.errors)
    return coerced.errors.map((e) => new GraphQLError(e.message, { extensions: { code: 'BAD_USER_INPUT' } }));
  const variableValues = coerced.coerced;
  const badValue = checkInputValues(op, document, variableValues, schema);
  if (badValue) return [badValue];
  const refused = checkAccess(identity, rootFieldNames(op, document), { introspectionForAnonymous: false });
  if (refused) return [refused];
  return {
    schema,
    document,
    operationName: payload.operationName ?? null,
    variableValues,
    contextValue: { identity, cost: shape.cost } satisfies SubscriberContext,
  };
}

/** The stream of a prepared operation, from the field that serves it; `onOpen` when a stream starts. */
export function serveSubscription(
  fields: Record<string, SubscriptionField>,
  args: ExecutionArgs,
  onStream?: (field: string) => (() => void) | undefined,
): AsyncIterableIterator<ExecutionResult> | ExecutionResult {
  const op = args.document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
  )!;
  const field = rootFieldNames(op, args.document)[0] ?? '';
  const serve = fields[field];
  if (!serve)
    return { errors: [new GraphQLError(`Subscription field "${field}" is not served by this gateway`)] };
  const { identity, cost } = args.contextValue as SubscriberContext;
  const stream = serve({
    identity,
    scopeKey: scopeKeyOf(identity),
    document: args.document,
    operationName: args.operationName ?? null,
    variables: (args.variableValues ?? {}) as Record<string, unknown>,
    cost,
  });
  if (!(Symbol.asyncIterator in stream)) return stream;
  const onEnd = onStream?.(field);
  return onEnd ? tracked(stream, onEnd) : stream;
}

/** Counts a stream as open until it ends, however it ends. */
function tracked(
  iterator: AsyncIterableIterator<ExecutionResult>,
  onEnd: () => void,
): AsyncIterableIterator<ExecutionResult> {
  let ended = false;
  const end = () => {
    if (!ended) {
      ended = true;
      onEnd();
    }
  };
  return {
    async next() {
      const r = await iterator.next().catch((err) => {
        end();
        throw err;
      });
      if (r.done) end();
      return r;
    },
    async return() {
      end();
      return iterator.return ? iterator.return() : { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
