import type { FlagEnvironmentConfig, Serve } from '@switchyard/core';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ReleaseTemplateRow } from './release-templates';

export type ReleasePlanStatus = 'ACTIVE' | 'PAUSED' | 'COMPLETED' | 'ROLLED_BACK' | 'ABORTED';

export interface ReleaseStage {
  /** Share of eligible users served the released variation, 0 < percent <= 100. */
  percent: number;
  minDurationMinutes: number;
}

export interface ReleaseGuard {
  /** An analytics metric key. */
  metric: string;
  /** ABSOLUTE: the released variation's value; RELATIVE: its difference from the users not yet released to. */
  kind: 'ABSOLUTE' | 'RELATIVE';
  /** Breached when the value (or the difference) is above this. */
  threshold: number;
  /** Users exposed to the released variation in the stage before the guard may pass. */
  minSample: number;
}

@Entity({ name: 'release_plans' })
export class ReleasePlanRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'flag_id' })
  flagId!: string;

  /** The flag's project: the row follows its flag when the flag moves. */
  @Column({ type: 'text' })
  project!: string;

  @Column({ type: 'text', name: 'flag_key' })
  flagKey!: string;

  @Column({ type: 'text', name: 'environment_key' })
  environmentKey!: string;

  @Column({ type: 'text' })
  variation!: string;

  @Column({ type: 'text', name: 'rule_id', nullable: true })
  ruleId!: string | null;

  @Column({ type: 'jsonb' })
  stages!: ReleaseStage[];

  @Column({ type: 'jsonb' })
  guards!: ReleaseGuard[];

  @Column({ type: 'text', nullable: true })
  template!: string | null;

  @Column({ type: 'text' })
  status!: ReleasePlanStatus;

  @Column({ type: 'int', name: 'stage_index' })
  stageIndex!: number;

  @Column({ type: 'timestamptz', name: 'stage_started_at' })
  stageStartedAt!: Date;

  @Column({ type: 'timestamptz', name: 'next_check_at', nullable: true })
  nextCheckAt!: Date | null;

  /** What the fallthrough / rule served before the release: a rollback restores it. */
  @Column({ type: 'jsonb', name: 'base_serve' })
  baseServe!: Serve;

  /** What the plan last wrote; a different serve found at a transition means someone edited it. */
  @Column({ type: 'jsonb', name: 'applied_serve' })
  appliedServe!: Serve;

  /** Why the plan is not advancing though its stage time has passed (insufficient data), else null. */
  @Column({ type: 'text', name: 'waiting_reason', nullable: true })
  waitingReason!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

export type ReleaseEventKind =
  | 'STARTED'
  | 'ADVANCED'
  | 'WAITING'
  | 'PAUSED'
  | 'RESUMED'
  | 'ROLLED_BACK'
  | 'COMPLETED'
  | 'ABORTED';

@Entity({ name: 'release_plan_events' })
export class ReleasePlanEventRow {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'plan_id' })
  planId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  kind!: ReleaseEventKind;

  @Column({ type: 'int', name: 'stage_index' })
  stageIndex!: number;

  @Column({ type: 'double precision' })
  percent!: number;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'jsonb', nullable: true })
  detail!: Record<string, unknown> | null;
}

export type ScheduledChangeStatus = 'PENDING' | 'APPLIED' | 'FAILED' | 'CANCELLED';
export type ScheduledChangeKind = 'ENABLE' | 'DISABLE' | 'TARGETING';

/**
 * A proposed change of one flag in one environment, pending until applied: the columns scheduled
 * changes and change requests share (their tables hold them each), applied by the same code.
 */
export abstract class PendingFlagChange {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'flag_id' })
  flagId!: string;

  /** The flag's project: the row follows its flag when the flag moves. */
  @Column({ type: 'text' })
  project!: string;

  @Column({ type: 'text', name: 'flag_key' })
  flagKey!: string;

  @Column({ type: 'text', name: 'environment_key' })
  environmentKey!: string;

  @Column({ type: 'text' })
  kind!: ScheduledChangeKind;

  /** TARGETING: the TargetingInput as given; ENABLE / DISABLE: {}. */
  @Column({ type: 'jsonb' })
  change!: Record<string, unknown>;

  @Column({ type: 'int', name: 'written_against_version' })
  writtenAgainstVersion!: number;

  /** The environment's targeting at that version, to tell a conflicting change from an unrelated one. */
  @Column({ type: 'jsonb' })
  base!: FlagEnvironmentConfig;
}

@Entity({ name: 'scheduled_changes' })
export class ScheduledChangeRow extends PendingFlagChange {
  @Column({ type: 'timestamptz', name: 'due_at' })
  dueAt!: Date;

  @Column({ type: 'text' })
  status!: ScheduledChangeStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  /** The author: the change is applied in their name. */
  @Column({ type: 'text', name: 'created_by_id', nullable: true })
  createdById!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', name: 'applied_at', nullable: true })
  appliedAt!: Date | null;
}

@Entity({ name: 'executor_clock' })
export class ExecutorClockRow {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'bigint', name: 'offset_ms' })
  offsetMs!: string;
}

export const releaseEntities = [
  ReleasePlanRow,
  ReleasePlanEventRow,
  ScheduledChangeRow,
  ExecutorClockRow,
  ReleaseTemplateRow,
];
