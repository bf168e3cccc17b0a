import type { ConfigChangeFeed } from './config-change-feed';
import { translateSubscriptionShared } from './translate';
import type { SubscriptionField } from './subscription-operation';

/**
 * `configChanged(environment, project, sinceVersion)`: the subscription's selection becomes a
 * `configChanges` query (the flags subgraph's outbox view), so payload fields from any
 * subgraph resolve through the query plan. A replay from `sinceVersion` is bounded by
 * `maxReplayCost` (the payload's cost times the changes replayed).
 */
export function configChangedField(feed: ConfigChangeFeed, maxReplayCost: number): SubscriptionField {
  return (ctx) => {
    const translated = translateSubscriptionShared(ctx.document, ctx.operationName, ctx.variables, {
      field: 'configChanges',
      argTypes: { environment: 'String', project: 'String', sinceVersion: 'Int!', first: 'Int' },
      mapArgs: (args) => ({ environment: args.environment ?? null, project: args.project ?? null }),
      seqField: 'seq',
    });
    const since = translated.args.sinceVersion;
    return feed.subscribe(
      translated,
      ctx.identity,
      ctx.scopeKey,
      typeof since === 'number' && since >= 0 ? since : null,
      // Every replayed change costs one payload: a costlier selection replays fewer changes.
      { maxChanges: Math.floor(maxReplayCost / Math.max(1, ctx.cost)), maxReplayCost, cost: ctx.cost },
    );
  };
}
