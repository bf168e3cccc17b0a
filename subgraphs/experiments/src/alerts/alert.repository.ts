import type { DataSource, EntityManager } from 'typeorm';
import { ExperimentRow } from '../experiments/experiment.entity';
import type { Alert, AlertKind } from './experiment-alerts';

export interface AlertRow {
  id: string;
  project: string;
  experimentKey: string;
  analysisPeriod: number;
  kind: AlertKind;
  metricKey: string | null;
  variant: string | null;
  detail: Record<string, unknown>;
  noticedAt: Date;
}

const COLUMNS = `id, project, experiment_key AS "experimentKey", analysis_period AS "analysisPeriod", kind,
  NULLIF(metric_key, '') AS "metricKey", NULLIF(variant, '') AS "variant", detail, noticed_at AS "noticedAt"`;

/** experiments.experiment_alerts: what the watcher noticed, one row per finding and analysis period. */
export class AlertRepository {
  constructor(private readonly ds: DataSource) {}

  /** Every project's running experiments. */
  running(): Promise<ExperimentRow[]> {
    return this.ds
      .getRepository(ExperimentRow)
      .find({ where: { status: 'RUNNING' }, order: { project: 'ASC', key: 'ASC' } });
  }

  /** False when this finding was already recorded for the period (by this or another replica). */
  async insert(m: EntityManager, row: ExperimentRow, alert: Alert): Promise<AlertRow | null> {
    const inserted: AlertRow[] = await m.query(
      `INSERT INTO experiments.experiment_alerts (project, experiment_key, analysis_period, kind, metric_key, variant, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (project, experiment_key, analysis_period, kind, metric_key, variant) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        row.project,
        row.key,
        row.analysisPeriod,
        alert.kind,
        alert.metricKey,
        alert.variant,
        JSON.stringify(alert.detail),
      ],
    );
    return inserted[0] ?? null;
  }

  /** Newest first, per experiment, every period. */
  async forExperiments(refs: readonly { project: string; key: string }[]): Promise<AlertRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM experiments.experiment_alerts
        WHERE (project, experiment_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       ORDER BY noticed_at DESC, kind`,
      [refs.map((r) => r.project), refs.map((r) => r.key)],
    );
  }
}
