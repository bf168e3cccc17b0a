import type { Identity } from '@switchyard/server-kit';
import type { Request } from 'express';

/**
 * Who is calling. Until sign-in and API keys exist every caller is anonymous;
 * this is the one place that will verify JWTs and SDK keys.
 */
export async function identify(_req: Request): Promise<Identity> {
  return { id: 'anonymous', name: 'anonymous', kind: 'anonymous', role: null, permissions: [] };
}
