import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { ApiKeyRow, RefreshTokenRow, UserRow } from './auth.entities';
import { projectExists, projectUsesEnvironment } from '../projects/project-queries';

/** All SQL of users, sessions and API keys. */
export class AuthRepository {
  constructor(private readonly ds: DataSource) {}

  userByEmail(email: string): Promise<UserRow | null> {
    return this.ds.getRepository(UserRow).findOneBy({ email: email.toLowerCase() });
  }

  userById(id: string): Promise<UserRow | null> {
    return this.ds.getRepository(UserRow).findOneBy({ id });
  }

  listUsers(): Promise<UserRow[]> {
    return this.ds.getRepository(UserRow).find({ where: { deletedAt: IsNull() }, order: { email: 'ASC' } });
  }

  countUsers(): Promise<number> {
    return this.ds.getRepository(UserRow).count();
  }

  async insertUser(
    m: EntityManager,
    user: Omit<UserRow, 'id' | 'createdAt' | 'updatedAt'>,
  ): Promise<UserRow> {
    const repo = m.getRepository(UserRow);
    return repo.save(repo.create(user));
  }

  /** The user, locked until the transaction ends. */
  /**
   * The user signing in with this OpenID subject, or else the one with this email; a deleted user
   * holding the subject gives way to a live user an admin has since created with the email (the
   * subject is released to be linked to them). Locked until the transaction ends.
   */
  async ssoUserForUpdate(m: EntityManager, ssoSubject: string, email: string): Promise<UserRow | null> {
    const users = m.getRepository(UserRow);
    const lock = { mode: 'pessimistic_write' } as const;
    const bySubject = await users.findOne({ where: { ssoSubject }, lock });
    if (bySubject && !bySubject.deletedAt) return bySubject;
    const byEmail = await users.findOne({ where: { email: email.toLowerCase() }, lock });
    if (!bySubject || !byEmail) return bySubject ?? byEmail;
    await users.update({ id: bySubject.id }, { ssoSubject: null });
    return byEmail;
  }

  userForUpdate(m: EntityManager, id: string): Promise<UserRow | null> {
    return m.getRepository(UserRow).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async updateUser(m: EntityManager, id: string, patch: Partial<UserRow>): Promise<UserRow | null> {
    await m.getRepository(UserRow).update({ id }, { ...patch, updatedAt: new Date() });
    return m.getRepository(UserRow).findOneBy({ id });
  }

  async insertRefreshToken(
    m: EntityManager,
    row: Pick<RefreshTokenRow, 'userId' | 'sessionId' | 'tokenHash' | 'expiresAt'> & { id?: string },
  ) {
    await m.getRepository(RefreshTokenRow).insert(row);
  }

  /** The user, share-locked: a refresh and a deactivation of the same user take turns. */
  userForShare(m: EntityManager, id: string): Promise<UserRow | null> {
    return m.getRepository(UserRow).findOne({ where: { id }, lock: { mode: 'pessimistic_read' } });
  }

  refreshTokenByHash(tokenHash: string): Promise<RefreshTokenRow | null> {
    return this.ds.getRepository(RefreshTokenRow).findOneBy({ tokenHash });
  }

  /**
   * The user behind an open session: one of its refresh tokens is unrevoked and unexpired, and the
   * user is active. Null once the session ended (logout, deactivation, expiry).
   */
  async openSessionUser(sessionId: string): Promise<UserRow | null> {
    return this.ds
      .getRepository(UserRow)
      .createQueryBuilder('u')
      .innerJoin(RefreshTokenRow, 't', 't.user_id = u.id')
      .where('t.session_id = :sessionId AND t.revoked_at IS NULL AND t.expires_at > now()', { sessionId })
      .andWhere('u.deactivated_at IS NULL')
      .getOne();
  }

  /**
   * Ends sessions: every unrevoked refresh token of one session, or of one user (but the session
   * `exceptSessionId`, when given: the one a password was just changed in).
   */
  async revokeSessions(
    m: EntityManager | DataSource,
    of: { sessionId: string } | { userId: string; exceptSessionId?: string | null },
  ): Promise<number> {
    const query = m
      .getRepository(RefreshTokenRow)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where(
        'sessionId' in of ? 'session_id = :sessionId' : 'user_id = :userId',
        'sessionId' in of ? { sessionId: of.sessionId } : { userId: of.userId },
      )
      .andWhere('revoked_at IS NULL');
    if ('userId' in of && of.exceptSessionId)
      query.andWhere('session_id <> :keep', { keep: of.exceptSessionId });
    const result = await query.execute();
    return result.affected ?? 0;
  }

  /** Revokes every unrevoked API key a user made (a deleted user's keys stop for good). */
  async revokeKeysCreatedBy(m: EntityManager, userId: string): Promise<void> {
    await m
      .getRepository(ApiKeyRow)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('created_by_user_id = :userId AND revoked_at IS NULL', { userId })
      .execute();
  }

  /** Locks the row so two refreshes of one token cannot both succeed. */
  refreshTokenForUpdate(m: EntityManager, tokenHash: string): Promise<RefreshTokenRow | null> {
    return m
      .getRepository(RefreshTokenRow)
      .createQueryBuilder('t')
      .where('t.token_hash = :tokenHash', { tokenHash })
      .setLock('pessimistic_write')
      .getOne();
  }

  async revokeRefreshToken(m: EntityManager | DataSource, tokenHash: string): Promise<boolean> {
    const result = await m
      .getRepository(RefreshTokenRow)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('token_hash = :tokenHash AND revoked_at IS NULL', { tokenHash })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  listApiKeys(includeRevoked: boolean): Promise<ApiKeyRow[]> {
    const qb = this.ds.getRepository(ApiKeyRow).createQueryBuilder('k').orderBy('k.created_at', 'ASC');
    if (!includeRevoked) qb.where('k.revoked_at IS NULL');
    return qb.getMany();
  }

  async insertApiKey(
    m: EntityManager,
    row: Omit<ApiKeyRow, 'id' | 'createdAt' | 'revokedAt'>,
  ): Promise<ApiKeyRow> {
    const repo = m.getRepository(ApiKeyRow);
    return repo.save(repo.create({ ...row, revokedAt: null }));
  }

  /**
   * The unrevoked key whose secret hashes to `secretHash` (how the gateway authenticates a caller),
   * unless the user who made it is deactivated.
   */
  activeApiKeyByHash(secretHash: string): Promise<ApiKeyRow | null> {
    return this.ds
      .getRepository(ApiKeyRow)
      .createQueryBuilder('k')
      .leftJoin(UserRow, 'u', 'u.id = k.created_by_user_id')
      .where('k.secret_hash = :secretHash AND k.revoked_at IS NULL', { secretHash })
      .andWhere('u.deactivated_at IS NULL')
      .getOne();
  }

  /** Secret hashes of the unrevoked keys a user made (to evict them from the gateways' caches). */
  async keyHashesCreatedBy(userId: string): Promise<string[]> {
    const rows = await this.ds
      .getRepository(ApiKeyRow)
      .createQueryBuilder('k')
      .select('k.secret_hash', 'hash')
      .where('k.created_by_user_id = :userId AND k.revoked_at IS NULL', { userId })
      .getRawMany<{ hash: string }>();
    return rows.map((r) => r.hash);
  }

  apiKeyById(id: string): Promise<ApiKeyRow | null> {
    return this.ds.getRepository(ApiKeyRow).findOneBy({ id });
  }

  apiKeyForUpdate(m: EntityManager, id: string): Promise<ApiKeyRow | null> {
    return m.getRepository(ApiKeyRow).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  saveApiKey(m: EntityManager, row: ApiKeyRow): Promise<ApiKeyRow> {
    return m.getRepository(ApiKeyRow).save(row);
  }

  /** The revoked row, or null when it was revoked already. */
  async revokeApiKey(m: EntityManager, id: string): Promise<ApiKeyRow | null> {
    const result = await m
      .getRepository(ApiKeyRow)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0 ? m.getRepository(ApiKeyRow).findOneBy({ id }) : null;
  }

  async environmentExists(key: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query('SELECT 1 FROM flags.environments WHERE key = $1', [key]);
    return rows.length > 0;
  }

  projectExists(key: string): Promise<boolean> {
    return projectExists(this.ds, key);
  }

  projectUsesEnvironment(project: string, environment: string): Promise<boolean> {
    return projectUsesEnvironment(this.ds, project, environment);
  }
}

/** The unrevoked SDK keys of `project` in one of `environments`. */
export function liveKeysIn(
  m: EntityManager,
  project: string,
  environments: readonly string[],
): Promise<Pick<ApiKeyRow, 'id' | 'name' | 'prefix' | 'environment'>[]> {
  return m.query(
    `SELECT id, name, prefix, environment FROM flags.api_keys
      WHERE project = $1 AND environment = ANY($2) AND revoked_at IS NULL ORDER BY name, id`,
    [project, environments],
  );
}
