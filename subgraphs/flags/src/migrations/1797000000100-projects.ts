import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projects (issue 19): a project holds flags and segments (experiments and metrics carry its key in
 * their own services) and chooses which of the installation's environments it uses, in its own order
 * and colours. Everything made before projects moves into `default`, which uses every environment;
 * keys become unique within a project. `project` defaults to `default` so a write that names none
 * lands where it always did.
 */
export class Projects1797000000100 implements MigrationInterface {
  name = 'Projects1797000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE flags.projects (
      key text PRIMARY KEY CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,127}$'),
      name text NOT NULL,
      description text,
      version int NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      created_by text,
      updated_by text
    )`);
    await q.query(`INSERT INTO flags.projects (key, name, description)
      VALUES ('default', 'Default', 'Everything made before projects existed, and every request that names no project.')`);
    await q.query(`CREATE TABLE flags.project_environments (
      project_key text NOT NULL REFERENCES flags.projects(key) ON DELETE CASCADE,
      environment_key text NOT NULL REFERENCES flags.environments(key) ON DELETE CASCADE,
      sort_order int NOT NULL,
      colour text CHECK (colour ~ '^#[0-9a-f]{6}$'),
      PRIMARY KEY (project_key, environment_key)
    )`);
    await q.query(`INSERT INTO flags.project_environments (project_key, environment_key, sort_order)
      SELECT 'default', key, row_number() OVER (ORDER BY sort_order, key) - 1 FROM flags.environments`);

    for (const table of ['flags', 'segments']) {
      await q.query(
        `ALTER TABLE flags.${table} ADD COLUMN project text NOT NULL DEFAULT 'default' REFERENCES flags.projects(key)`,
      );
    }
    // The lifecycle row follows its flag by (project, key): a move carries it along.
    await q.query('ALTER TABLE flags.flag_lifecycle DROP CONSTRAINT flag_lifecycle_flag_key_fkey');
    await q.query('ALTER TABLE flags.flag_lifecycle DROP CONSTRAINT flag_lifecycle_pkey');
    await q.query(`ALTER TABLE flags.flag_lifecycle ADD COLUMN project text NOT NULL DEFAULT 'default'`);
    await q.query('ALTER TABLE flags.flag_lifecycle ADD PRIMARY KEY (project, flag_key)');

    await q.query('ALTER TABLE flags.flags DROP CONSTRAINT flags_key_key');
    await q.query('ALTER TABLE flags.flags ADD CONSTRAINT flags_project_key UNIQUE (project, key)');
    await q.query('ALTER TABLE flags.segments DROP CONSTRAINT segments_key_key');
    await q.query('ALTER TABLE flags.segments ADD CONSTRAINT segments_project_key UNIQUE (project, key)');
    await q.query(`ALTER TABLE flags.flag_lifecycle ADD CONSTRAINT flag_lifecycle_flag
      FOREIGN KEY (project, flag_key) REFERENCES flags.flags(project, key) ON DELETE CASCADE ON UPDATE CASCADE`);

    // What is read by key elsewhere, now within a project.
    await q.query(`ALTER TABLE flags.code_references ADD COLUMN project text NOT NULL DEFAULT 'default'`);
    await q.query(`ALTER TABLE flags.recent_contexts ADD COLUMN project text NOT NULL DEFAULT 'default'`);
    await q.query(
      `ALTER TABLE flags.api_keys ADD COLUMN project text NOT NULL DEFAULT 'default' REFERENCES flags.projects(key)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE flags.api_keys DROP COLUMN project');
    await q.query('ALTER TABLE flags.recent_contexts DROP COLUMN project');
    await q.query('ALTER TABLE flags.code_references DROP COLUMN project');
    await q.query('ALTER TABLE flags.flag_lifecycle DROP CONSTRAINT flag_lifecycle_flag');
    await q.query('ALTER TABLE flags.segments DROP CONSTRAINT segments_project_key');
    await q.query('ALTER TABLE flags.segments ADD CONSTRAINT segments_key_key UNIQUE (key)');
    await q.query('ALTER TABLE flags.flags DROP CONSTRAINT flags_project_key');
    await q.query('ALTER TABLE flags.flags ADD CONSTRAINT flags_key_key UNIQUE (key)');
    await q.query('ALTER TABLE flags.flag_lifecycle DROP CONSTRAINT flag_lifecycle_pkey');
    await q.query('ALTER TABLE flags.flag_lifecycle DROP COLUMN project');
    await q.query('ALTER TABLE flags.flag_lifecycle ADD PRIMARY KEY (flag_key)');
    await q.query(`ALTER TABLE flags.flag_lifecycle ADD CONSTRAINT flag_lifecycle_flag_key_fkey
      FOREIGN KEY (flag_key) REFERENCES flags.flags(key) ON DELETE CASCADE`);
    await q.query('ALTER TABLE flags.segments DROP COLUMN project');
    await q.query('ALTER TABLE flags.flags DROP COLUMN project');
    await q.query('DROP TABLE flags.project_environments');
    await q.query('DROP TABLE flags.projects');
  }
}
