import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Identity } from '@switchyard/server-kit';

/** Root fields anyone may call: how one signs in. */
const PUBLIC_FIELDS = new Set(['login', 'refreshSession', 'logout', '__typename']);
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/** What SDK keys may reach at all; finer checks happen in each resolver. */
export const sdkKeyRootFields: Record<'server' | 'client', ReadonlySet<string>> = {
  client: new Set(['evaluate', 'trackEvents', 'evaluatedConfig', '__typename']),
  server: new Set(['evaluate', 'trackEvents', 'flagSet', 'configChanged', 'evaluatedConfig', '__typename']),
};

/** Root field names of an operation, through fragments. */
export function rootFieldNames(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  );
  const names: string[] = [];
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) names.push(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet, seen);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) visit(f.selectionSet, seen);
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return names;
}

function refusal(
  code: 'UNAUTHENTICATED' | 'FORBIDDEN',
  message: string,
  extra: Record<string, unknown> = {},
) {
  return new GraphQLError(message, {
    extensions: { code, ...extra, http: { status: code === 'UNAUTHENTICATED' ? 401 : 403 } },
  });
}

/**
 * The gateway's coarse gate, before any subgraph is called: anonymous callers may only
 * sign in (and introspect in development); SDK keys only reach their few root fields.
 * Each resolver still checks the exact permission it needs.
 */
export function checkAccess(
  identity: Identity,
  fields: string[],
  opts: { introspectionForAnonymous: boolean },
): GraphQLError | null {
  if (identity.kind === 'anonymous') {
    const denied = fields.find(
      (f) => !PUBLIC_FIELDS.has(f) && !(opts.introspectionForAnonymous && INTROSPECTION_FIELDS.has(f)),
    );
    return denied
      ? refusal('UNAUTHENTICATED', `Sign in or send an API key to use "${denied}"`, { field: denied })
      : null;
  }
  const kind = identity.keyKind;
  if (kind === 'server' || kind === 'client') {
    const allowed = sdkKeyRootFields[kind];
    const denied = fields.find((f) => !allowed.has(f) && !INTROSPECTION_FIELDS.has(f));
    if (denied) {
      return refusal(
        'FORBIDDEN',
        `A ${kind} SDK key may only use ${[...allowed].filter((f) => f !== '__typename').join(', ')}; "${denied}" needs a user or an API token`,
        { field: denied, permission: `${kind}Key:${denied}` },
      );
    }
  }
  return null;
}

export function accessGuardPlugin(opts: {
  introspectionForAnonymous: boolean;
}): ApolloServerPlugin<{ identity: Identity; internal?: boolean }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (!operation || contextValue.internal) return;
          if (operation.operation === 'subscription') {
            throw new GraphQLError(
              'Subscriptions are served over WebSocket (graphql-ws protocol) on this same URL; HTTP carries queries and mutations only',
              { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
            );
          }
          const refused = checkAccess(contextValue.identity, rootFieldNames(operation, document), opts);
          if (refused) throw refused;
        },
      };
    },
  };
}
