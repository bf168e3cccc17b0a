import { migrate } from '@switchyard/server-kit';
import { createTestDatabase, type TestDatabase } from '@switchyard/testkit';
import { ExperimentProjects1732300000350 } from './1732300000350-experiment-projects';
import { migrations } from '.';

// The experiment projects migration (issue 19) on a database filled by the version before it: every
// experiment, stored assignment and alert becomes the default project's with nothing lost, and keys,
// the running-experiment rule and alerts' once-per-period rule hold per project afterwards.

describe('migration ExperimentProjects1732300000350 on a database of the previous version', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('sy_experiment_projects_migration');
  });
  afterAll(() => db?.drop());

  it('moves experiments, assignments and alerts into default; keys are unique per project after', async () => {
    await migrate({
      url: db.url,
      schema: 'experiments',
      entities: [],
      migrations: migrations.slice(0, migrations.indexOf(ExperimentProjects1732300000350)),
    });
    const variants = '[{"key":"control","weight":50},{"key":"treatment","weight":50}]';
    await db.query(
      `INSERT INTO experiments.experiments (key, name, environment, flag_key, status, variants, layer_key, layer_range_start, layer_range_end)
       VALUES ('exp-a', 'A', 'production', 'checkout', 'RUNNING', $1, 'main', 0, 50),
              ('exp-b', 'B', 'staging', 'banner', 'DRAFT', $1, NULL, NULL, NULL)`,
      [variants],
    );
    await db.query(
      `INSERT INTO experiments.user_assignments (experiment_key, user_key, variant, exposure_period, exposure_attributes)
       VALUES ('exp-a', 'u1', 'control', 1, '{"country":"DE"}'), ('exp-a', 'u2', 'treatment', 2, NULL)`,
    );
    await db.query(
      `INSERT INTO experiments.experiment_alerts (experiment_key, analysis_period, kind, detail)
       VALUES ('exp-a', 1, 'SAMPLE_RATIO_MISMATCH', '{"pValue":0.0001}')`,
    );
    const experimentsBefore = await db.query('SELECT * FROM experiments.experiments ORDER BY key');
    const assignmentsBefore = await db.query('SELECT * FROM experiments.user_assignments ORDER BY user_key');
    const alertsBefore = await db.query('SELECT * FROM experiments.experiment_alerts');

    await migrate({ url: db.url, schema: 'experiments', entities: [], migrations });

    const withDefault = <T extends object>(rows: T[]) => rows.map((r) => ({ ...r, project: 'default' }));
    expect(await db.query('SELECT * FROM experiments.experiments ORDER BY key')).toEqual(
      withDefault(experimentsBefore),
    );
    expect(await db.query('SELECT * FROM experiments.user_assignments ORDER BY user_key')).toEqual(
      withDefault(assignmentsBefore),
    );
    expect(await db.query('SELECT * FROM experiments.experiment_alerts')).toEqual(withDefault(alertsBefore));

    // The same key, flag and layer in another project: allowed, and running there too.
    await db.query(
      `INSERT INTO experiments.experiments (project, key, name, environment, flag_key, status, variants, layer_key, layer_range_start, layer_range_end)
       VALUES ('checkout', 'exp-a', 'A elsewhere', 'production', 'checkout', 'RUNNING', $1, 'main', 0, 50)`,
      [variants],
    );
    await db.query(
      `INSERT INTO experiments.user_assignments (project, experiment_key, user_key, variant)
       VALUES ('checkout', 'exp-a', 'u1', 'treatment')`,
    );
    await db.query(
      `INSERT INTO experiments.experiment_alerts (project, experiment_key, analysis_period, kind, detail)
       VALUES ('checkout', 'exp-a', 1, 'SAMPLE_RATIO_MISMATCH', '{}')`,
    );
    // Within one project the rules hold as before.
    await expect(
      db.query(
        `INSERT INTO experiments.experiments (project, key, name, environment, flag_key, variants)
         VALUES ('default', 'exp-a', 'again', 'production', 'other', $1)`,
        [variants],
      ),
    ).rejects.toThrow(/experiments_project_key/);
    await expect(
      db.query(
        `INSERT INTO experiments.experiments (project, key, name, environment, flag_key, status, variants)
         VALUES ('default', 'exp-c', 'C', 'production', 'checkout', 'RUNNING', $1)`,
        [variants],
      ),
    ).rejects.toThrow(/experiments_one_running_per_flag/);
    await expect(
      db.query(
        `INSERT INTO experiments.experiment_alerts (project, experiment_key, analysis_period, kind, detail)
         VALUES ('nowhere', 'exp-a', 1, 'SIGNIFICANT', '{}')`,
      ),
    ).rejects.toThrow(/experiment_alerts_experiment/);
    // Deleting an experiment takes its alerts along, its project's only.
    await db.query(`DELETE FROM experiments.experiments WHERE project = 'checkout' AND key = 'exp-a'`);
    expect(await db.query('SELECT project FROM experiments.experiment_alerts')).toEqual([
      { project: 'default' },
    ]);
  });
});
