import type { Identity } from '@switchyard/server-kit';

/** Who analytics is when it asks another subgraph for itself (no caller to act for). */
export const ANALYTICS_IDENTITY: Identity = {
  id: 'analytics',
  name: 'Analytics subgraph',
  kind: 'system',
  role: 'admin',
  permissions: [],
};

/** How long analytics waits for another subgraph. */
export const SUBGRAPH_TIMEOUT_MS = 5000;
