import type { Identity } from '@switchyard/server-kit';
import type { Request } from 'express';

/**
 * Who is calling. INTERIM until sign-in and API keys land (issue 6): every caller
 * acts as a development administrator so the domain subgraphs can enforce
 * permissions already. This is the one place that will verify JWTs and SDK keys.
 */
export async function identify(_req: Request): Promise<Identity> {
  return {
    id: 'dev-admin',
    name: 'Development admin',
    kind: 'user',
    role: 'admin',
    permissions: ['production'],
  };
}
