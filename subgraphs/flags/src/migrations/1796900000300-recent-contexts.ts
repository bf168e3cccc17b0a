import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recent contexts for the impact preview (issue 19): sampled evaluated contexts per environment,
 * the key and allow-listed attributes only, bounded and expired by the store's trim.
 */
export class RecentContexts1796900000300 implements MigrationInterface {
  name = 'RecentContexts1796900000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE flags.recent_contexts (
        environment text NOT NULL,
        context_key text NOT NULL,
        attributes jsonb NOT NULL DEFAULT '{}',
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (environment, context_key)
      )`);
    await q.query(
      'CREATE INDEX recent_contexts_seen ON flags.recent_contexts (environment, last_seen_at DESC)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE flags.recent_contexts');
  }
}
