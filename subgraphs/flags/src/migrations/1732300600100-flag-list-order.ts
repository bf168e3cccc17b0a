import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for the flag list's NAME and UPDATED_AT orders (ties broken by key). */
export class FlagListOrder1732300600100 implements MigrationInterface {
  name = 'FlagListOrder1732300600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX flags_name_order ON flags.flags (lower(name), key)');
    await q.query('CREATE INDEX flags_updated_order ON flags.flags (updated_at, key)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX flags.flags_updated_order');
    await q.query('DROP INDEX flags.flags_name_order');
  }
}
