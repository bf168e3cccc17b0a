import { randomBytes, randomUUID } from 'node:crypto';
import {
  API_KEY_REVOKED_CHANNEL,
  type ApiKeyKind,
  type EventBus,
  errors,
  hashSecret,
  type Identity,
  type Logger,
  newApiKeySecret,
  PRODUCTION_PERMISSION,
  permissionsOf,
  type Role,
  requirePermission,
  rolePermissions,
  SESSIONS_CHANGED_CHANNEL,
  type OpenSession,
  type SessionKeys,
  type SessionsChanged,
  sdkKeyPermissions,
} from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor, ChangeRecord, ConfigWriter, RecordChange, WriteContext } from '@switchyard/server-kit';
import type { ApiKeyRow, UserRow } from './auth.entities';
import type { AuthConfig } from './auth.config';
import type { AuthRepository } from './auth.repository';
import { HashingGate } from './hashing-gate';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { SignInBackoff } from './sign-in-backoff';
import { AccountLockout, accountLocked } from './account-lockout';
import type { RoleRepository } from '../roles/role.repository';
import { checkRoleKeys, entriesOfKey, entriesOfUser } from '../roles/role.service';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: UserRow;
}

export interface CreateUserInput {
  email: string;
  name?: string | null;
  password: string;
  role: Role;
  permissions?: string[] | null;
}

/** An account the gateway's single sign-on vouches for, after checking the OpenID provider's ID token. */
export interface SsoAccount {
  /** `<issuer> <sub>`: the provider's account, stable across email changes. */
  subject: string;
  email: string;
  name?: string | null;
  /** Mapped by the gateway from the provider's role claim. */
  role: Role;
  /** The provider's groups claim (OIDC_GROUPS_CLAIM): their mapped custom roles apply to the user. */
  groups?: string[];
}

export interface CreateApiKeyInput {
  name: string;
  kind: ApiKeyKind;
  environment?: string | null;
  /** An SDK key's project (`default` when omitted). */
  project?: string | null;
  role?: Role | null;
  permissions?: string[] | null;
  /** A TOKEN's custom roles, with or instead of `role`. */
  customRoles?: string[] | null;
}

/** Grants beyond a role that may be given to a user or token. */
const GRANTABLE = new Set([PRODUCTION_PERMISSION]);
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const ROLES: readonly Role[] = ['admin', 'editor', 'viewer'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkGrants(permissions: string[] | null | undefined, field: string): string[] {
  const list = [...new Set(permissions ?? [])];
  const unknown = list.find((p) => !GRANTABLE.has(p));
  if (unknown)
    throw errors.badInput(`unknown permission "${unknown}" (grantable: ${[...GRANTABLE].join(', ')})`, field);
  return list;
}

/** What the audit log keeps of a user: never the password hash. */
const userAudit = (u: UserRow) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  permissions: u.permissions,
  customRoles: u.customRoles,
  ssoGroups: u.ssoGroups,
  deactivatedAt: u.deactivatedAt,
});
/** What the audit log keeps of a key: never the secret or its hash. */
const keyAudit = (k: ApiKeyRow) => ({
  name: k.name,
  kind: k.kind,
  environment: k.environment,
  project: k.kind === 'token' ? null : k.project,
  role: k.role,
  permissions: k.permissions,
  customRoles: k.customRoles,
  prefix: k.prefix,
  revokedAt: k.revokedAt,
});
/** An audited change to user `id` (no environment). */
const userChange = (
  action: string,
  kind: string,
  id: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): ChangeRecord => ({
  action,
  kind,
  resourceType: 'user',
  resourceKey: id,
  environment: null,
  before,
  after,
});
/** A sign-in attempt on user `id` (or the email tried): audited, but no config change. */
const signInEvent = (action: string, id: string, after: Record<string, unknown>) => ({
  action,
  resourceType: 'user',
  resourceKey: id,
  environment: null,
  before: null,
  after,
});
/** The gateway-verified caller behind a write. */
const callerOf = (ctx: WriteContext) => ctx.actor as Identity;

/** Sign-in, sessions, users and API keys; changes to users and keys are audited like config writes. */
export class AuthService {
  private readonly hashing: HashingGate;
  private readonly backoff = new SignInBackoff();
  private readonly lockout: AccountLockout;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: AuthRepository,
    private readonly keys: SessionKeys,
    private readonly bus: EventBus,
    private readonly config: AuthConfig,
    private readonly logger: Logger,
    private readonly writer: ConfigWriter,
    private readonly roles: RoleRepository,
  ) {
    this.lockout = new AccountLockout(ds, {
      failures: config.SIGN_IN_LOCKOUT_FAILURES,
      windowMinutes: config.SIGN_IN_LOCKOUT_WINDOW_MINUTES,
      lockMinutes: config.SIGN_IN_LOCKOUT_MINUTES,
    });
    this.hashing = new HashingGate({
      concurrency: config.PASSWORD_HASH_CONCURRENCY,
      maxQueued: config.PASSWORD_HASH_QUEUE,
      maxWaitMs: config.PASSWORD_HASH_MAX_WAIT_MS,
    });
  }

  /** The first admin, from SWITCHYARD_ADMIN_EMAIL / SWITCHYARD_ADMIN_PASSWORD, when that email is new. */
  async bootstrapAdmin(): Promise<void> {
    const email = this.config.SWITCHYARD_ADMIN_EMAIL?.toLowerCase();
    const password = this.config.SWITCHYARD_ADMIN_PASSWORD;
    if (!email || !password) {
      if ((await this.repo.countUsers()) === 0)
        this.logger.warn(
          'no users yet: set SWITCHYARD_ADMIN_EMAIL and SWITCHYARD_ADMIN_PASSWORD to create the first admin',
        );
      return;
    }
    if (await this.repo.userByEmail(email)) return;
    const passwordHash = await hashPassword(password);
    // ON CONFLICT: two flags replicas starting together both try.
    await this.ds.query(
      `INSERT INTO flags.users (email, name, password_hash, role, permissions)
       VALUES ($1, $2, $3, 'admin', '{production}') ON CONFLICT (email) DO NOTHING`,
      [email, 'Administrator', passwordHash],
    );
    this.logger.info({ email }, 'first admin created');
  }

  /**
   * Password sign-in. Each attempt is audited with the caller's address and user agent (`ctx`):
   * `user.signed_in` as the user, `user.sign_in_failed` as the account tried (its id when it exists,
   * else the email), with the reason but never the password.
   */
  async login(
    ctx: Pick<WriteContext, 'ip' | 'userAgent'>,
    email: string,
    password: string,
  ): Promise<Session> {
    const account = email.trim().toLowerCase();
    const failed = (user: UserRow | null, reason: string) =>
      this.auditSignIn(ctx, user, account, 'user.sign_in_failed', { reason });
    this.backoff.check(account);
    // Admitted before the lock-out and user lookups, so a saturated sign-in is refused without touching
    // the database: a flood's queries stay as few as the hashes admitted, and the pool serves reads.
    const { user, ok, locked } = await this.hashing.run(async () => {
      const locked = await this.lockout.lockedUntil(account);
      if (locked) return { user: null, ok: false, locked };
      const user = await this.repo.userByEmail(email.trim());
      // Same work whether or not the email exists, so timing does not reveal accounts.
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
      return { user, ok, locked: null };
    });
    if (locked) {
      await failed(null, 'locked');
      throw accountLocked(locked);
    }
    // Said only without a password to check: anyone may learn the account signs in elsewhere.
    if (user && !user.deletedAt && user.passwordHash === null) {
      await failed(user, 'single sign-on only');
      throw errors.unauthenticated(
        'This account signs in with single sign-on: use the sign-in button of your identity provider',
      );
    }
    if (!user || !ok || user.deletedAt) {
      this.backoff.failed(account);
      const lockedNow = await this.lockout.failed(account);
      await failed(
        user && !user.deletedAt ? user : null,
        lockedNow ? 'wrong password; now locked' : 'wrong email or password',
      );
      if (lockedNow) throw accountLocked(lockedNow);
      throw errors.unauthenticated('Wrong email or password');
    }
    this.backoff.succeeded(account);
    await this.lockout.clear(account);
    // Said only to someone who knows the password.
    if (user.deactivatedAt) {
      await failed(user, 'deactivated');
      throw errors.unauthenticated('This account is deactivated: ask an admin to reactivate it');
    }
    await this.auditSignIn(ctx, user, account, 'user.signed_in', {
      method: 'password',
      role: user.role,
    });
    const sessionId = randomUUID();
    const refresh = await this.issueRefreshToken(this.ds.manager, user.id, sessionId, sessionId);
    return this.session(user, sessionId, refresh);
  }

  /** One sign-in attempt in the audit log, as the user (or, for an unknown account, as the email tried). */
  private auditSignIn(
    ctx: Pick<WriteContext, 'ip' | 'userAgent'>,
    user: UserRow | null,
    account: string,
    action: string,
    after: Record<string, unknown>,
  ): Promise<void> {
    const actor: Actor = user
      ? userIdentity(user)
      : { id: `sign-in:${account}`, name: account, kind: 'anonymous', role: null };
    return this.writer.recordEvent(
      { ip: ctx.ip, userAgent: ctx.userAgent, actor },
      signInEvent(action, user?.id ?? account, { ...after, email: account }),
    );
  }

  /**
   * Console single sign-on, after the gateway checked the OpenID provider's answer: the user with this
   * subject (or else this email, which links the account to it) signs in with the role the provider
   * gives, or is created without a password. A deleted or deactivated user is refused, nothing written.
   * The creation, the link and a role change are audited as an admin's would be, and the sign-in itself
   * as the user, with the browser's address and user agent (`ctx`).
   */
  async ssoSignIn(ctx: WriteContext, account: SsoAccount): Promise<Session> {
    const email = account.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw errors.badInput('must be an email address', 'email');
    if (!ROLES.includes(account.role)) throw errors.badInput(`must be one of ${ROLES.join(', ')}`, 'role');
    if (!account.subject.trim()) throw errors.badInput('must not be empty', 'subject');
    const groups = [...new Set(account.groups ?? [])].sort();
    const { user, roleChanged } = await this.writer.write(ctx, async (m, record) => {
      const before = await this.repo.ssoUserForUpdate(m, account.subject, email);
      let user: UserRow;
      let grantsChanged = false;
      if (!before) {
        user = await this.insertUserRecorded(m, record, {
          email,
          name: account.name?.trim() || email,
          passwordHash: null,
          ssoSubject: account.subject,
          role: account.role,
          permissions: [],
          customRoles: [],
          ssoGroups: groups,
        });
      } else {
        if (before.deletedAt) throw errors.unauthenticated('This account was deleted: ask an admin');
        if (before.deactivatedAt)
          throw errors.unauthenticated('This account is deactivated: ask an admin to reactivate it');
        if (before.ssoSubject && before.ssoSubject !== account.subject)
          throw errors.unauthenticated(
            `The Switchyard account ${email} is linked to another identity of the provider`,
          );
        const patch: Partial<UserRow> = {};
        if (!before.ssoSubject) patch.ssoSubject = account.subject;
        if (before.role !== account.role) patch.role = account.role;
        if (before.ssoGroups.join('\n') !== groups.join('\n')) patch.ssoGroups = groups;
        user = Object.keys(patch).length ? (await this.repo.updateUser(m, before.id, patch))! : before;
        if (patch.ssoSubject)
          record(
            userChange(
              'user.sso_linked',
              'USER_UPDATED',
              user.id,
              { ...userAudit(before), singleSignOn: false },
              { ...userAudit(user), singleSignOn: true },
            ),
          );
        if (patch.role)
          record(
            userChange('user.role.updated', 'USER_ROLE_UPDATED', user.id, userAudit(before), userAudit(user)),
          );
        // The groups decide the user's mapped custom roles; audited like a role change.
        grantsChanged = Boolean(patch.role || patch.ssoGroups);
        if (patch.ssoGroups)
          record(
            userChange(
              'user.groups.updated',
              'USER_ROLE_UPDATED',
              user.id,
              userAudit(before),
              userAudit(user),
            ),
          );
      }
      return { user, roleChanged: grantsChanged };
    });
    // The sign-in itself, recorded as the user after what it changed: an audited event, not a config change.
    await this.writer.recordEvent(
      { ...ctx, actor: userIdentity(user) },
      signInEvent('user.signed_in', user.id, { method: 'single sign-on', role: user.role }),
    );
    // Open sessions of the user carry the old role; the gateways ask again.
    if (roleChanged) await this.sessionsChanged({ userId: user.id });
    const sessionId = randomUUID();
    const refresh = await this.issueRefreshToken(this.ds.manager, user.id, sessionId, sessionId);
    return this.session(user, sessionId, refresh);
  }

  async refresh(refreshToken: string): Promise<Session> {
    const tokenHash = hashSecret(refreshToken);
    const ended = () => errors.unauthenticated('This session has ended: sign in again');
    // Revoking the old token and issuing its successor in one transaction: the session is never
    // seen without an open token in between, and a deactivation (which locks the user) waits or wins.
    const { user, sessionId, refresh } = await this.ds.transaction(async (m) => {
      const row = await this.repo.refreshTokenForUpdate(m, tokenHash);
      if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw ended();
      const user = await this.repo.userForShare(m, row.userId);
      if (!user || user.deactivatedAt) throw ended();
      await this.repo.revokeRefreshToken(m, tokenHash);
      const refresh = await this.issueRefreshToken(m, user.id, row.sessionId);
      return { user, sessionId: row.sessionId, refresh };
    });
    return this.session(user, sessionId, refresh);
  }

  /** Ends the session this refresh token belongs to (only that one), on every gateway at once. */
  async logout(refreshToken: string): Promise<boolean> {
    const row = await this.repo.refreshTokenByHash(hashSecret(refreshToken));
    if (!row) return false;
    const ended = (await this.repo.revokeSessions(this.ds, { sessionId: row.sessionId })) > 0;
    if (ended) await this.sessionsChanged({ sessionIds: [row.sessionId] });
    return ended;
  }

  /** Whether a session is open and who its user is now; null once it ended. */
  async lookupSession(sessionId: string): Promise<OpenSession | null> {
    const user = await this.repo.openSessionUser(sessionId);
    return user
      ? {
          userId: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          permissions: await this.permissionsOfUser(user),
        }
      : null;
  }

  /**
   * Everything a user may do now, for the console to offer what will be let through: the role's
   * permissions (admins: with `production`), extra grants and custom roles' grants. Only to the user
   * themself or to whoever manages users; others get an empty list.
   */
  async effectivePermissions(caller: Identity, user: UserRow): Promise<string[]> {
    if (caller.id !== user.id && !permissionsOf(caller).has('users:manage')) return [];
    const preset = [...rolePermissions[user.role], ...(user.role === 'admin' ? [PRODUCTION_PERMISSION] : [])];
    return [...new Set([...preset, ...(await this.permissionsOfUser(user))])];
  }

  /** A user's extra grants and their custom roles' grants (direct and by group), as the identity carries them. */
  private async permissionsOfUser(user: UserRow): Promise<string[]> {
    return [...new Set([...user.permissions, ...(await entriesOfUser(this.roles, user))])];
  }

  private async issueRefreshToken(
    m: EntityManager,
    userId: string,
    sessionId: string,
    id?: string,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = `syr_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    await this.repo.insertRefreshToken(m, { id, userId, sessionId, tokenHash: hashSecret(token), expiresAt });
    return { token, expiresAt };
  }

  private async session(
    user: UserRow,
    sessionId: string,
    refresh: { token: string; expiresAt: Date },
  ): Promise<Session> {
    if (!this.keys.sign) throw new Error('this service holds no private key to sign sessions');
    const { token, expiresAt } = await this.keys.sign({
      userId: user.id,
      sessionId,
      email: user.email,
      name: user.name,
      role: user.role,
      permissions: await this.permissionsOfUser(user),
    });
    return {
      accessToken: token,
      accessTokenExpiresAt: expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt,
      user,
    };
  }

  /**
   * Tells every gateway replica to forget what it knew about these sessions. A lost broadcast is
   * bounded by the gateways' cache TTL.
   */
  sessionsChanged(change: SessionsChanged): Promise<void> {
    return this.broadcast(SESSIONS_CHANGED_CHANNEL, JSON.stringify(change));
  }

  /** After commit: a broadcast that fails is logged, never the write's failure (caches expire it). */
  private async broadcast(channel: string, message: string): Promise<void> {
    await this.bus
      .publish(channel, message)
      .catch((err) =>
        this.logger.warn({ err: (err as Error).message, channel }, 'not broadcast; caches expire it'),
      );
  }

  async me(identity: Identity): Promise<UserRow | null> {
    if (identity.kind !== 'user') return null;
    return this.repo.userById(identity.id);
  }

  listUsers(identity: Identity): Promise<UserRow[]> {
    requirePermission(identity, 'users:manage');
    return this.repo.listUsers();
  }

  async createUser(ctx: WriteContext, input: CreateUserInput): Promise<UserRow> {
    requirePermission(callerOf(ctx), 'users:manage');
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw errors.badInput('must be an email address', 'input.email');
    if (input.password.length < 10) throw errors.badInput('must be at least 10 characters', 'input.password');
    const permissions = checkGrants(input.permissions, 'input.permissions');
    const passwordHash = await this.hashing.run(() => hashPassword(input.password));
    return this.writer.write(ctx, async (m, record) => {
      if (await this.repo.userByEmail(email)) {
        throw errors.conflict(`A user with email "${email}" already exists`, { field: 'input.email' });
      }
      return this.insertUserRecorded(m, record, {
        email,
        name: input.name?.trim() || email,
        passwordHash,
        ssoSubject: null,
        role: input.role,
        permissions,
        customRoles: [],
        ssoGroups: [],
      });
    });
  }

  /** A new user and its `user.created` entry, in the running write. */
  private async insertUserRecorded(
    m: EntityManager,
    record: RecordChange,
    fields: Pick<
      UserRow,
      'email' | 'name' | 'passwordHash' | 'ssoSubject' | 'role' | 'permissions' | 'customRoles' | 'ssoGroups'
    >,
  ): Promise<UserRow> {
    const user = await this.repo.insertUser(m, { ...fields, deactivatedAt: null, deletedAt: null });
    const after = { ...userAudit(user), ...(user.ssoSubject ? { singleSignOn: true } : {}) };
    record(userChange('user.created', 'USER_CREATED', user.id, null, after));
    return user;
  }

  async updateUserRole(
    ctx: WriteContext,
    id: string,
    role: Role,
    permissions?: string[] | null,
  ): Promise<UserRow> {
    const identity = callerOf(ctx);
    requirePermission(identity, 'users:manage');
    const grants =
      permissions === undefined || permissions === null ? undefined : checkGrants(permissions, 'permissions');
    if (identity.kind === 'user' && identity.id === id && role !== 'admin') {
      // The last way back in would be the database.
      throw errors.badInput('you cannot remove your own admin role', 'role');
    }
    if (!UUID.test(id)) throw errors.notFound('User', id);
    const updated = await this.updateUserAudited(
      ctx,
      id,
      'user.role.updated',
      'USER_ROLE_UPDATED',
      async () => (grants ? { role, permissions: grants } : { role }),
    );
    // The user's tokens carry the old role; the gateways ask again on the next request.
    await this.sessionsChanged({ userId: id });
    return updated;
  }

  /**
   * Stops a user: sign-in refused, every session and refresh token ended, open connections closed
   * and the API keys they made refused (until reactivated), on every gateway replica at once.
   */
  async deactivateUser(ctx: WriteContext, id: string): Promise<UserRow> {
    const identity = callerOf(ctx);
    requirePermission(identity, 'users:manage');
    if (identity.kind === 'user' && identity.id === id) {
      throw errors.badInput('you cannot deactivate yourself', 'id');
    }
    const user = await this.setDeactivated(ctx, id, true);
    await this.sessionsChanged({ userId: id });
    // Gateways cache keys; the revocation broadcast drops them and closes their connections.
    for (const hash of await this.repo.keyHashesCreatedBy(id))
      await this.broadcast(API_KEY_REVOKED_CHANNEL, hash);
    return user;
  }

  /** Lets a deactivated user sign in again (their ended sessions stay ended); their keys work again. */
  async reactivateUser(ctx: WriteContext, id: string): Promise<UserRow> {
    requirePermission(callerOf(ctx), 'users:manage');
    return this.setDeactivated(ctx, id, false);
  }

  private setDeactivated(ctx: WriteContext, id: string, deactivate: boolean): Promise<UserRow> {
    if (!UUID.test(id)) throw errors.notFound('User', id);
    return this.updateUserAudited(
      ctx,
      id,
      deactivate ? 'user.deactivated' : 'user.reactivated',
      deactivate ? 'USER_DEACTIVATED' : 'USER_REACTIVATED',
      async (before, m) => {
        // Asking twice changes nothing, so it is not audited twice.
        if (Boolean(before.deactivatedAt) === deactivate) return null;
        if (deactivate) await this.repo.revokeSessions(m, { userId: id });
        return { deactivatedAt: deactivate ? new Date() : null };
      },
    );
  }

  /**
   * One audited change to a user, the user locked first (so a refresh of one of their tokens
   * finishes before it or sees it). `patch` null changes nothing and records nothing.
   */
  private updateUserAudited(
    ctx: WriteContext,
    id: string,
    action: string,
    kind: string,
    patch: (before: UserRow, m: EntityManager) => Promise<Partial<UserRow> | null>,
  ): Promise<UserRow> {
    return this.writer.write(ctx, async (m, record) => {
      const before = await this.repo.userForUpdate(m, id);
      if (!before) throw errors.notFound('User', id);
      const change = await patch(before, m);
      if (!change) return before;
      const user = (await this.repo.updateUser(m, id, change))!;
      record({
        action,
        kind,
        resourceType: 'user',
        resourceKey: id,
        environment: null,
        before: userAudit(before),
        after: userAudit(user),
      });
      return user;
    });
  }

  /** When the user's account unlocks, or null when it is not locked. */
  lockedUntil(user: UserRow): Promise<Date | null> {
    return this.lockout.lockedUntil(user.email);
  }

  /**
   * The signed-in user changes their own password: the current one is checked first; every other
   * session of theirs ends (on every gateway), this one stays. Audited without any hash.
   */
  async changePassword(ctx: WriteContext, currentPassword: string, newPassword: string): Promise<UserRow> {
    const identity = callerOf(ctx);
    if (identity.kind !== 'user') {
      throw new GraphQLError('Only a signed-in person changes their own password (not an API key)', {
        extensions: { code: 'FORBIDDEN', permission: 'signed-in user' },
      });
    }
    const user = await this.repo.userById(identity.id);
    if (!user || user.deletedAt || user.deactivatedAt) throw errors.unauthenticated('Sign in again');
    const hash = user.passwordHash;
    if (hash === null)
      throw errors.badInput(
        'this account signs in with single sign-on and has no password',
        'currentPassword',
      );
    const ok = await this.hashing.run(() => verifyPassword(currentPassword, hash));
    if (!ok) throw errors.badInput('is not your current password', 'currentPassword');
    if (newPassword.length < 10) throw errors.badInput('must be at least 10 characters', 'newPassword');
    if (newPassword === currentPassword)
      throw errors.badInput('must differ from the current one', 'newPassword');
    const passwordHash = await this.hashing.run(() => hashPassword(newPassword));
    const updated = await this.updateUserAudited(
      ctx,
      user.id,
      'user.password.changed',
      'USER_UPDATED',
      async (_b, m) => {
        await this.repo.revokeSessions(m, { userId: user.id, exceptSessionId: identity.sessionId });
        return { passwordHash };
      },
    );
    await this.sessionsChanged({ userId: user.id });
    return updated;
  }

  /**
   * An admin sets a new, random password for a user and is shown it once: every session of the user
   * ends and a lock-out is lifted. Audited without the password.
   */
  async resetPassword(ctx: WriteContext, id: string): Promise<{ user: UserRow; temporaryPassword: string }> {
    requirePermission(callerOf(ctx), 'users:manage');
    if (!UUID.test(id)) throw errors.notFound('User', id);
    const temporaryPassword = randomBytes(12).toString('base64url');
    const passwordHash = await this.hashing.run(() => hashPassword(temporaryPassword));
    const user = await this.updateUserAudited(
      ctx,
      id,
      'user.password.reset',
      'USER_UPDATED',
      async (before, m) => {
        if (before.deletedAt) throw errors.notFound('User', id);
        await this.repo.revokeSessions(m, { userId: id });
        await this.lockout.clear(before.email, m);
        return { passwordHash };
      },
    );
    await this.sessionsChanged({ userId: id });
    return { user, temporaryPassword };
  }

  /** An admin lifts a lock-out at once (the in-process back-off of each replica still fades by itself). */
  async unlockUser(ctx: WriteContext, id: string): Promise<UserRow> {
    requirePermission(callerOf(ctx), 'users:manage');
    if (!UUID.test(id)) throw errors.notFound('User', id);
    return this.updateUserAudited(ctx, id, 'user.unlocked', 'USER_UPDATED', async (before, m) => {
      if (!(await this.lockout.lockedUntil(before.email))) return null;
      await this.lockout.clear(before.email, m);
      return { updatedAt: new Date() };
    });
  }

  /**
   * Deletes a user: sign-in refused, every session ended and every API key they made revoked, on
   * every gateway at once. The row stays (the audit log names them) with its email freed for reuse.
   * Never oneself, never the last admin.
   */
  async deleteUser(ctx: WriteContext, id: string): Promise<boolean> {
    const identity = callerOf(ctx);
    requirePermission(identity, 'users:manage');
    if (identity.kind === 'user' && identity.id === id)
      throw errors.badInput('you cannot delete yourself', 'id');
    if (!UUID.test(id)) throw errors.notFound('User', id);
    const keyHashes = await this.repo.keyHashesCreatedBy(id);
    await this.updateUserAudited(ctx, id, 'user.deleted', 'USER_DELETED', async (before, m) => {
      if (before.deletedAt) throw errors.notFound('User', id);
      if (before.role === 'admin') {
        const others: unknown[] = await m.query(
          `SELECT 1 FROM flags.users WHERE role = 'admin' AND id <> $1 AND deleted_at IS NULL AND deactivated_at IS NULL`,
          [id],
        );
        if (others.length === 0)
          throw errors.badInput('is the last admin: make someone else admin first', 'id');
      }
      await this.repo.revokeSessions(m, { userId: id });
      await this.repo.revokeKeysCreatedBy(m, id);
      await this.lockout.clear(before.email, m);
      const now = new Date();
      return {
        deletedAt: now,
        deactivatedAt: before.deactivatedAt ?? now,
        email: `deleted-${id}@users.invalid`,
      };
    });
    await this.sessionsChanged({ userId: id });
    for (const hash of keyHashes) await this.broadcast(API_KEY_REVOKED_CHANNEL, hash);
    return true;
  }

  /** Who an API key acts as, or null when no unrevoked key has this secret hash. */
  async apiKeyIdentity(secretHash: string): Promise<Identity | null> {
    const key = await this.repo.activeApiKeyByHash(secretHash);
    return key ? apiKeyIdentity(key, await entriesOfKey(this.roles, key)) : null;
  }

  listApiKeys(identity: Identity, includeRevoked: boolean): Promise<ApiKeyRow[]> {
    requirePermission(identity, 'keys:manage');
    return this.repo.listApiKeys(includeRevoked);
  }

  async createApiKey(
    ctx: WriteContext,
    input: CreateApiKeyInput,
  ): Promise<{ apiKey: ApiKeyRow; secret: string }> {
    const identity = callerOf(ctx);
    requirePermission(identity, 'keys:manage');
    const name = input.name.trim();
    if (!name) throw errors.badInput('must not be empty', 'input.name');
    const permissions = checkGrants(input.permissions, 'input.permissions');
    let environment: string | null = null;
    let project = DEFAULT_PROJECT;
    let role: Role | null = null;
    const customRoles = input.customRoles ?? [];
    if (input.kind === 'token') {
      if (!input.role && customRoles.length === 0)
        throw errors.badInput('a TOKEN acts with a role or custom roles: give one', 'input.role');
      if (input.environment)
        throw errors.badInput('a TOKEN is not bound to an environment', 'input.environment');
      if (input.project)
        throw errors.badInput(
          'a TOKEN is not bound to a project: its roles say where it acts',
          'input.project',
        );
      role = input.role ?? null;
    } else {
      if (!input.environment)
        throw errors.badInput('an SDK key belongs to one environment', 'input.environment');
      if (input.role) throw errors.badInput('SDK keys have fixed permissions, not a role', 'input.role');
      if (customRoles.length > 0)
        throw errors.badInput('SDK keys have fixed permissions, not custom roles', 'input.customRoles');
      if (!(await this.repo.environmentExists(input.environment))) {
        throw errors.badInput(`environment "${input.environment}" does not exist`, 'input.environment');
      }
      environment = input.environment;
      project = input.project ?? DEFAULT_PROJECT;
      if (!(await this.repo.projectExists(project)))
        throw errors.notFound('Project', project, 'input.project');
      if (!(await this.repo.projectUsesEnvironment(project, environment))) {
        throw errors.badInput(
          `project "${project}" does not use environment "${environment}"`,
          'input.environment',
        );
      }
    }
    const secret = newApiKeySecret(input.kind);
    const apiKey = await this.writer.write(ctx, async (m, record) => {
      const row = await this.repo.insertApiKey(m, {
        name,
        kind: input.kind,
        environment,
        project,
        role,
        permissions: input.kind === 'token' ? permissions : [],
        customRoles: await checkRoleKeys(this.roles, m, customRoles, 'input.customRoles'),
        prefix: secret.slice(0, 14),
        secretHash: hashSecret(secret),
        createdBy: identity.name,
        createdByUserId: identity.kind === 'user' ? identity.id : null,
      });
      record({
        action: 'apiKey.created',
        kind: 'API_KEY_CREATED',
        resourceType: 'apiKey',
        resourceKey: row.id,
        environment: row.environment,
        before: null,
        after: keyAudit(row),
      });
      return row;
    });
    return { apiKey, secret };
  }

  /**
   * Replaces a TOKEN's custom roles (its preset role stays). Gateways forget the key and close its
   * connections (the revocation broadcast), so it acts with the new grants from its next request.
   */
  async setApiKeyCustomRoles(ctx: WriteContext, id: string, roleKeys: readonly string[]): Promise<ApiKeyRow> {
    requirePermission(callerOf(ctx), 'keys:manage');
    const existing = UUID.test(id) ? await this.repo.apiKeyById(id) : null;
    if (!existing) throw errors.notFound('API key', id, 'id');
    if (existing.kind !== 'token')
      throw errors.badInput('SDK keys have fixed permissions, not custom roles', 'id');
    const updated = await this.writer.write(ctx, async (m, record) => {
      const keys = await checkRoleKeys(this.roles, m, roleKeys, 'roles');
      const row = await this.repo.apiKeyForUpdate(m, id);
      if (!row || row.revokedAt) throw errors.conflict('the key is revoked: create a new one');
      if (!row.role && keys.length === 0)
        throw errors.badInput('this TOKEN has no preset role: it needs at least one custom role', 'roles');
      const before = keyAudit(row);
      row.customRoles = keys;
      const saved = await this.repo.saveApiKey(m, row);
      record({
        action: 'apiKey.roles.updated',
        kind: 'API_KEY_UPDATED',
        resourceType: 'apiKey',
        resourceKey: id,
        environment: null,
        before,
        after: keyAudit(saved),
      });
      return saved;
    });
    await this.broadcast(API_KEY_REVOKED_CHANNEL, existing.secretHash);
    return updated;
  }

  async revokeApiKey(ctx: WriteContext, id: string): Promise<ApiKeyRow> {
    requirePermission(callerOf(ctx), 'keys:manage');
    const existing = UUID.test(id) ? await this.repo.apiKeyById(id) : null;
    if (!existing) throw errors.notFound('API key', id);
    await this.writer.write(ctx, async (m, record) => {
      const revoked = await this.repo.revokeApiKey(m, id);
      // Revoking twice changes nothing, so it is not audited twice.
      if (!revoked) return;
      record({
        action: 'apiKey.revoked',
        kind: 'API_KEY_REVOKED',
        resourceType: 'apiKey',
        resourceKey: id,
        environment: existing.environment,
        before: keyAudit(existing),
        after: keyAudit(revoked),
      });
    });
    // Gateways cache keys briefly; this tells every replica to forget it now.
    await this.broadcast(API_KEY_REVOKED_CHANNEL, existing.secretHash);
    return (await this.repo.apiKeyById(id))!;
  }
}

/** A signed-in user as the audit log names them. */
function userIdentity(user: UserRow): Identity {
  return { id: user.id, name: user.email, kind: 'user', role: user.role, permissions: user.permissions };
}

/**
 * An automation token acts with its role and its custom roles' grants (`roleGrants`); an SDK key with
 * its kind's permissions in its environment.
 */
function apiKeyIdentity(key: ApiKeyRow, roleGrants: string[]): Identity {
  if (key.kind === 'token') {
    return {
      id: `apiKey:${key.id}`,
      name: `token ${key.name}`,
      kind: 'apiKey',
      role: key.role,
      permissions: [...new Set([...key.permissions, ...roleGrants])],
      environment: null,
      keyKind: 'token',
    };
  }
  return {
    id: `apiKey:${key.id}`,
    name: `${key.kind} key ${key.name}`,
    kind: 'apiKey',
    role: null,
    permissions: [...sdkKeyPermissions[key.kind]],
    environment: key.environment,
    project: key.project,
    keyKind: key.kind,
  };
}
