import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type MetricKind = 'CONVERSION' | 'MEAN' | 'COUNT' | 'RATIO' | 'QUANTILE';
export type CapType = 'FIXED' | 'PERCENTILE';

/** How an experiment's per-user numbers are computed from events. */
@Entity({ name: 'metrics' })
export class MetricRow {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text' })
  kind!: MetricKind;

  @Column({ type: 'text', name: 'event_name' })
  eventName!: string;

  /** RATIO: the denominator's event name (else null). */
  @Column({ type: 'text', name: 'denominator_event_name', nullable: true })
  denominatorEventName!: string | null;

  /** QUANTILE: the quantile reported, 0 < q < 1 (else null). */
  @Column({ type: 'double precision', nullable: true })
  quantile!: number | null;

  @Column({ type: 'integer', name: 'conversion_window_hours' })
  conversionWindowHours!: number;

  @Column({ type: 'boolean', name: 'higher_is_better' })
  higherIsBetter!: boolean;

  @Column({ type: 'double precision', name: 'guardrail_threshold', nullable: true })
  guardrailThreshold!: number | null;

  /** Capping of per-user values before analysis (null: none); see stats/capping.ts. */
  @Column({ type: 'text', name: 'cap_type', nullable: true })
  capType!: CapType | null;

  /** FIXED: the cap in metric units; PERCENTILE: the pooled quantile (0 < q < 1). */
  @Column({ type: 'double precision', name: 'cap_value', nullable: true })
  capValue!: number | null;

  /** Test only for an effect in the good direction (higherIsBetter). */
  @Column({ type: 'boolean', name: 'one_sided', default: false })
  oneSided!: boolean;

  /** Normal prior on the relative effect for the Bayesian view (null: flat). */
  @Column({ type: 'double precision', name: 'prior_mean', nullable: true })
  priorMean!: number | null;

  @Column({ type: 'double precision', name: 'prior_std_dev', nullable: true })
  priorStdDev!: number | null;

  @Column({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'text', name: 'updated_by', nullable: true })
  updatedBy!: string | null;
}

/** The metric's capping as the graph and the statistics engine see it, or null. */
export function metricCapping(m: MetricRow): { type: CapType; value: number } | null {
  return m.capType && m.capValue !== null ? { type: m.capType, value: m.capValue } : null;
}

/** The metric's prior on the relative effect, or null for flat. */
export function metricPrior(m: MetricRow): { mean: number; standardDeviation: number } | null {
  return m.priorMean !== null && m.priorStdDev !== null
    ? { mean: m.priorMean, standardDeviation: m.priorStdDev }
    : null;
}
