import { migrate, openDatabase } from '@switchyard/server-kit';
import { createTestDatabase, type TestDatabase } from '@switchyard/testkit';
import { ApiKeyRow, RefreshTokenRow, UserRow } from '../auth/auth.entities';
import { AuthRepository } from '../auth/auth.repository';
import { Sessions1796500000000 } from './1796500000000-sessions';
import { migrations } from '.';

// The sessions migration (issue 20) on a database filled by the version before it: every refresh
// token becomes a session of its own, users are active, and API keys learn their creator from the
// audit log where it names a user.

describe('migration Sessions1796500000000 on a database of the previous version', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('sy_sessions_migration');
  });
  afterAll(() => db?.drop());

  it('backfills session ids, keeps users active and names the creators of API keys', async () => {
    const previous = migrations.filter((m) => m !== Sessions1796500000000);
    await migrate({ url: db.url, schema: 'flags', entities: [], migrations: previous });

    const [alice, bob] = await db.query<{ id: string }>(
      `INSERT INTO flags.users (email, name, password_hash, role) VALUES
         ('alice@example.test', 'Alice', 'x', 'admin'), ('bob@example.test', 'Bob', 'x', 'editor') RETURNING id`,
    );
    const tokens = await db.query<{ id: string }>(
      `INSERT INTO flags.refresh_tokens (user_id, token_hash, expires_at, revoked_at) VALUES
         ($1, 'h1', now() + interval '1 day', NULL),
         ($1, 'h2', now() + interval '1 day', now()),
         ($2, 'h3', now() + interval '1 day', NULL) RETURNING id`,
      [alice!.id, bob!.id],
    );
    const keys = await db.query<{ id: string }>(
      `INSERT INTO flags.api_keys (name, kind, role, prefix, secret_hash, created_by) VALUES
         ('by alice', 'token', 'admin', 'sy_token_a', 'k1', 'Alice'),
         ('by a token', 'token', 'admin', 'sy_token_b', 'k2', 'token ci'),
         ('unaudited', 'token', 'viewer', 'sy_token_c', 'k3', 'Alice') RETURNING id`,
    );
    await db.query(
      `INSERT INTO platform.audit_log (change_seq, actor_id, actor_name, action, resource_type, resource_key) VALUES
         (1, $1, 'Alice', 'apiKey.created', 'apiKey', $2),
         (2, 'apiKey:0b7c', 'token ci', 'apiKey.created', 'apiKey', $3),
         (3, $1, 'Alice', 'user.created', 'user', $4)`,
      [alice!.id, keys[0]!.id, keys[1]!.id, bob!.id],
    );

    const ds = await openDatabase({
      url: db.url,
      schema: 'flags',
      entities: [UserRow, RefreshTokenRow, ApiKeyRow],
      migrations,
    });
    try {
      const sessions = await db.query<{ id: string; session_id: string }>(
        'SELECT id, session_id FROM flags.refresh_tokens ORDER BY token_hash',
      );
      expect(sessions).toEqual(tokens.map((t) => ({ id: t.id, session_id: t.id })));
      expect(await db.query('SELECT email FROM flags.users WHERE deactivated_at IS NOT NULL')).toEqual([]);
      const creators = await db.query<{ name: string; created_by_user_id: string | null }>(
        'SELECT name, created_by_user_id FROM flags.api_keys ORDER BY secret_hash',
      );
      expect(creators).toEqual([
        { name: 'by alice', created_by_user_id: alice!.id },
        { name: 'by a token', created_by_user_id: null },
        { name: 'unaudited', created_by_user_id: null },
      ]);

      // What the gateway will ask: tokens issued before are open sessions (the revoked one is not).
      const repo = new AuthRepository(ds);
      expect((await repo.openSessionUser(tokens[0]!.id))?.email).toBe('alice@example.test');
      expect(await repo.openSessionUser(tokens[1]!.id)).toBeNull();
      expect((await repo.openSessionUser(tokens[2]!.id))?.email).toBe('bob@example.test');
      expect((await repo.activeApiKeyByHash('k1'))?.name).toBe('by alice');
    } finally {
      await ds.destroy();
    }
  });
});
