import { type Identity, systemActor } from '@switchyard/server-kit';

export type { Condition, Segment } from '@switchyard/core';

/** Who background work (scheduler, seed, caches) acts as when it calls another subgraph. */
export const systemIdentity: Identity = { ...systemActor, permissions: [] };
