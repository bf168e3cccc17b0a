import type { Logger } from './logger';

export type Role = 'admin' | 'editor' | 'viewer';

/** Who is acting. Written into every audit entry. */
export interface Actor {
  id: string;
  name: string;
  kind: 'user' | 'apiKey' | 'system' | 'anonymous';
  role: Role | null;
}

/** What every subgraph resolver receives, before domain-specific additions. */
export interface RequestContext {
  requestId: string;
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
  logger: Logger;
}

export const systemActor: Actor = { id: 'system', name: 'Switchyard', kind: 'system', role: 'admin' };
