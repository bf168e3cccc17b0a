import { errors, type InternalRoute, type Role } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from '../context';

const ROLES: readonly string[] = ['admin', 'editor', 'viewer'];
const text = (value: unknown, field: string, max: number): string => {
  if (typeof value !== 'string' || value.length === 0 || value.length > max)
    throw errors.badInput(`must be a string of 1 to ${max} characters`, field);
  return value;
};

/** The provider's groups: up to 200 names of up to 200 characters (absent: none). */
function groupsOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (
    !Array.isArray(value) ||
    value.length > 200 ||
    value.some((g) => typeof g !== 'string' || !g || g.length > 200)
  )
    throw errors.badInput('must be a list of up to 200 group names of 1 to 200 characters', 'groups');
  return value as string[];
}

/**
 * `POST /internal/ssoSignIn`, called by the gateway's `/auth/oidc/callback` once it has checked the
 * OpenID provider's answer (state, PKCE, ID token): finds or creates the user and opens a session,
 * as `login` would. The call carries the browser's address and user agent for the audit log. Only
 * system callers (the gateway) may ask.
 */
export const ssoSignInRoute: InternalRoute<SubgraphContext> = async (body, ctx) => {
  if (ctx.identity.kind !== 'system') {
    throw new GraphQLError('Only the gateway signs users in through single sign-on', {
      extensions: { code: 'FORBIDDEN' },
    });
  }
  const role = text(body.role, 'role', 20);
  if (!ROLES.includes(role)) throw errors.badInput(`must be one of ${ROLES.join(', ')}`, 'role');
  const session = await ctx.auth.ssoSignIn(ctx, {
    subject: text(body.subject, 'subject', 1000),
    email: text(body.email, 'email', 320),
    name: typeof body.name === 'string' ? body.name.slice(0, 200) : null,
    role: role as Role,
    groups: groupsOf(body.groups),
  });
  return {
    accessToken: session.accessToken,
    accessTokenExpiresAt: session.accessTokenExpiresAt.toISOString(),
    refreshToken: session.refreshToken,
    refreshTokenExpiresAt: session.refreshTokenExpiresAt.toISOString(),
    user: { id: session.user.id, email: session.user.email, role: session.user.role },
  };
};
