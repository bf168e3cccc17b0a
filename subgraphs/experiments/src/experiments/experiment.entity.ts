import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ExperimentStatus = 'DRAFT' | 'RUNNING' | 'PAUSED' | 'COMPLETED';

/** WINNER_CHOSEN: completed by a person naming the winner; SCHEDULE_ENDED: `endsAt` was reached, no winner. */
export type CompletionReason = 'WINNER_CHOSEN' | 'SCHEDULE_ENDED';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ExperimentVariant {
  /** A variation key of the experiment's flag. */
  key: string;
  /** Percent of enrolled users. */
  weight: number;
  configuration?: JsonValue;
}

/** A condition as @switchyard/core evaluates it (same operators as flags). */
export interface AudienceCondition {
  attribute: string;
  operator: string;
  values: JsonValue[];
  negate: boolean;
  /** Stored only when set, like a flag's conditions. */
  caseInsensitive?: boolean;
  regexFlags?: string;
}

export interface ExperimentAudience {
  segments: string[];
  conditions: AudienceCondition[];
}

@Entity({ name: 'experiments' })
export class ExperimentRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The project the experiment, its flag, segments, metrics and layer belong to (keys are unique within it). */
  @Column({ type: 'text' })
  project!: string;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  hypothesis!: string | null;

  @Column({ type: 'text' })
  environment!: string;

  @Column({ type: 'text', name: 'flag_key' })
  flagKey!: string;

  @Column({ type: 'text', default: 'DRAFT' })
  status!: ExperimentStatus;

  @Column({ type: 'jsonb' })
  variants!: ExperimentVariant[];

  @Column({ type: 'double precision', name: 'traffic_allocation', default: 100 })
  trafficAllocation!: number;

  @Column({ type: 'jsonb' })
  audience!: ExperimentAudience;

  @Column({ type: 'text', name: 'primary_metric', nullable: true })
  primaryMetric!: string | null;

  @Column({ type: 'text', array: true, name: 'secondary_metrics', default: () => "'{}'" })
  secondaryMetrics!: string[];

  @Column({ type: 'text', array: true, name: 'guardrail_metrics', default: () => "'{}'" })
  guardrailMetrics!: string[];

  @Column({ type: 'int', name: 'min_sample_size', nullable: true })
  minSampleSize!: number | null;

  @Column({ type: 'double precision', default: 0.05 })
  alpha!: number;

  /** Correction across the experiment's comparisons in its results. */
  @Column({ type: 'text', name: 'multiple_testing_correction', default: 'HOLM' })
  multipleTestingCorrection!: 'HOLM' | 'BENJAMINI_HOCHBERG';

  @Column({ type: 'text', name: 'layer_key', nullable: true })
  layerKey!: string | null;

  @Column({ type: 'double precision', name: 'layer_range_start', nullable: true })
  layerRangeStart!: number | null;

  @Column({ type: 'double precision', name: 'layer_range_end', nullable: true })
  layerRangeEnd!: number | null;

  @Column({ type: 'timestamptz', name: 'starts_at', nullable: true })
  startsAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'ends_at', nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'text', name: 'schedule_error', nullable: true })
  scheduleError!: string | null;

  @Column({ type: 'timestamptz', name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'analysis_started_at', nullable: true })
  analysisStartedAt!: Date | null;

  /** Bumped by every restart; exposures are recorded once per user and period. */
  @Column({ type: 'int', name: 'analysis_period', default: 1 })
  analysisPeriod!: number;

  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'archived_at', nullable: true })
  archivedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  winner!: string | null;

  @Column({ type: 'text', name: 'completion_reason', nullable: true })
  completionReason!: CompletionReason | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'text', name: 'updated_by', nullable: true })
  updatedBy!: string | null;
}

/** The experiment's slice of its layer, or null outside any layer. */
export function layerOf(row: ExperimentRow): { key: string; rangeStart: number; rangeEnd: number } | null {
  if (row.layerKey === null || row.layerRangeStart === null || row.layerRangeEnd === null) return null;
  return { key: row.layerKey, rangeStart: row.layerRangeStart, rangeEnd: row.layerRangeEnd };
}
