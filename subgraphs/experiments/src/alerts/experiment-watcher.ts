import { type Logger, PeriodicTask, systemActor } from '@switchyard/server-kit';
import type { AnalyticsClient } from '../clients/analytics-client';
import { systemIdentity } from '../clients/identity';
import type { ExperimentRow } from '../experiments/experiment.entity';
import type { ExperimentService } from '../experiments/experiment.service';
import type { AlertRepository } from './alert.repository';
import { type Alert, type AlertKind, alertsOf } from './experiment-alerts';

const ACTIONS: Record<AlertKind, string> = {
  SIGNIFICANT: 'experiment.significant',
  GUARDRAIL_VIOLATED: 'experiment.guardrail_violated',
  SAMPLE_RATIO_MISMATCH: 'experiment.sample_ratio_mismatch',
};

/**
 * Looks at every running experiment's results on an interval and records each new finding as an
 * audited change (`experiment.significant`, `experiment.guardrail_violated`,
 * `experiment.sample_ratio_mismatch`), which the change outbox carries to Slack, webhooks and the
 * console like any other change. The alert row and the change commit together, and the row's
 * unique key lets only one replica announce a finding.
 */
export class ExperimentWatcher {
  private readonly task: PeriodicTask;

  constructor(
    private readonly alerts: AlertRepository,
    private readonly analytics: AnalyticsClient,
    private readonly experiments: ExperimentService,
    private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask('experiment watch', () => this.tick(), logger);
  }

  /** One look at every running experiment; returns how many new findings were announced. */
  async tick(): Promise<number> {
    let announced = 0;
    const failed: string[] = [];
    for (const row of await this.alerts.running()) {
      try {
        const analysis = await this.analytics.analysis(row, systemIdentity);
        for (const alert of analysis ? alertsOf(analysis) : []) {
          if (await this.announce(row, alert)) announced++;
        }
      } catch (err) {
        // One experiment's failure (analytics down, a metric deleted) must not starve the others.
        this.logger.warn(
          { project: row.project, key: row.key, err: (err as Error).message },
          'experiment watch failed',
        );
        failed.push(`${row.project}/${row.key}`);
      }
    }
    // Failing the run has it tried again soon rather than at the next interval.
    if (failed.length > 0) throw new Error(`could not look at ${failed.join(', ')}`);
    return announced;
  }

  private announce(row: ExperimentRow, alert: Alert): Promise<boolean> {
    const ctx = {
      actor: systemActor,
      identity: systemIdentity,
      ip: null,
      userAgent: 'switchyard-experiment-watcher',
      requestId: 'experiment-watcher',
      logger: this.logger,
    };
    return this.experiments.scheduledWrite(ctx, async (m, record) => {
      const saved = await this.alerts.insert(m, row, alert);
      if (!saved) return false;
      record({
        action: ACTIONS[alert.kind],
        kind: 'EXPERIMENT_ALERT',
        resourceType: 'experiment',
        project: row.project,
        resourceKey: row.key,
        environment: row.environment,
        before: null,
        after: {
          name: row.name,
          flagKey: row.flagKey,
          analysisPeriod: row.analysisPeriod,
          alert: alert.kind,
          metricKey: saved.metricKey,
          variant: saved.variant,
          ...alert.detail,
        },
      });
      return true;
    });
  }

  start(intervalMs: number): void {
    this.task.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}
