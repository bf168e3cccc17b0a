import { projectScopedKey } from '@switchyard/server-kit';
import { translateSubscriptionShared } from './translate';
import type { TriggeredQueryFeed } from './triggered-query-feed';
import type { SubscriptionField } from './subscription-operation';

/**
 * `evaluatedConfig(environment, context)`: the `evaluate` query for that context, pushed
 * first on subscribe and then whenever a change in the environment alters the values.
 */
export function evaluatedConfigField(feed: TriggeredQueryFeed): SubscriptionField {
  return (ctx) => {
    const t = translateSubscriptionShared(ctx.document, ctx.operationName, ctx.variables, {
      field: 'evaluate',
      argTypes: { environment: 'String!', context: 'JSON!' },
      mapArgs: (args) => ({ environment: args.environment, context: args.context }),
    });
    return feed.subscribe(t, ctx.identity, ctx.scopeKey, String(t.args.environment));
  };
}

/**
 * `experimentResultsUpdated(experimentKey, project)`: the project's experiment, re-read when its rollups
 * change (≤ 1/s). Analytics announces an experiment by its project-scoped key (projectScopedKey).
 */
export function experimentResultsUpdatedField(feed: TriggeredQueryFeed): SubscriptionField {
  return (ctx) => {
    const t = translateSubscriptionShared(ctx.document, ctx.operationName, ctx.variables, {
      field: 'experiment',
      argTypes: { key: 'String!', project: 'String' },
      mapArgs: (args) => ({ key: args.experimentKey, project: args.project ?? null }),
    });
    const project = typeof t.args.project === 'string' ? t.args.project : null;
    return feed.subscribe(
      t,
      ctx.identity,
      ctx.scopeKey,
      projectScopedKey(project, String(t.args.experimentKey)),
    );
  };
}
