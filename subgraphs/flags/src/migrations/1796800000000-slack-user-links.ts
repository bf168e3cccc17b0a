import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which Switchyard user a Slack user acts as in the /switchyard slash command (issue 17). */
export class SlackUserLinks1796800000000 implements MigrationInterface {
  name = 'SlackUserLinks1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE flags.slack_user_links (
      slack_user_id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES flags.users (id) ON DELETE CASCADE,
      linked_by text NOT NULL,
      linked_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX slack_user_links_user ON flags.slack_user_links (user_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE flags.slack_user_links');
  }
}
