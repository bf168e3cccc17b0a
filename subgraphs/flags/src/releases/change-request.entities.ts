import type { FlagEnvironmentConfig } from '@switchyard/core';
import type { Actor } from '@switchyard/server-kit';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ScheduledChangeKind } from './release.entities';

/** An environment whose flag writes go through change requests (no row: none needed). */
@Entity({ name: 'approval_policies' })
export class ApprovalPolicyRow {
  @PrimaryColumn({ type: 'text', name: 'environment_key' })
  environmentKey!: string;

  /** Approvals a change request needs; 0 turns the rule off. */
  @Column({ type: 'int', name: 'required_approvals' })
  requiredApprovals!: number;

  /** Admins may apply a request without its approvals (audited as a bypass). */
  @Column({ type: 'boolean', name: 'admin_bypass' })
  adminBypass!: boolean;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

export type ChangeRequestStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'APPLIED';

export interface ChangeRequestReview {
  byId: string;
  by: string;
  decision: 'APPROVE' | 'REJECT' | 'COMMENT';
  comment: string | null;
  at: string;
}

/**
 * What a request proposes: a flag's targeting or enable/disable (the kinds of a scheduled change),
 * the targeting an audit entry recorded (TARGETING_REVERT), starting a release plan (RELEASE_PLAN),
 * an action on one (RELEASE_PLAN_ACTION), or a segment's update or revert (SEGMENT).
 */
export type ChangeRequestKind =
  | ScheduledChangeKind
  | 'TARGETING_REVERT'
  | 'RELEASE_PLAN'
  | 'RELEASE_PLAN_ACTION'
  | 'SEGMENT';

@Entity({ name: 'change_requests' })
export class ChangeRequestRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The flag changed (flag kinds and release plans); null for a segment. */
  @Column({ type: 'uuid', name: 'flag_id', nullable: true })
  flagId!: string | null;

  /** The project of the flag (or segment) it changes: it follows its flag when the flag moves. */
  @Column({ type: 'text' })
  project!: string;

  @Column({ type: 'text', name: 'flag_key', nullable: true })
  flagKey!: string | null;

  @Column({ type: 'text', name: 'segment_key', nullable: true })
  segmentKey!: string | null;

  /** The release plan acted on (RELEASE_PLAN_ACTION), or started once applied (RELEASE_PLAN). */
  @Column({ type: 'uuid', name: 'plan_id', nullable: true })
  planId!: string | null;

  /** The environment that requires the approval (for a segment: one where a flag uses it). */
  @Column({ type: 'text', name: 'environment_key' })
  environmentKey!: string;

  @Column({ type: 'text' })
  kind!: ChangeRequestKind;

  /**
   * The full proposed change: TARGETING the TargetingInput; ENABLE / DISABLE {}; TARGETING_REVERT
   * { targeting, revertedTo }; RELEASE_PLAN the CreateReleasePlanInput; RELEASE_PLAN_ACTION
   * { action, comment }; SEGMENT { update, revertedTo? } (an UpdateSegmentInput).
   */
  @Column({ type: 'jsonb' })
  change!: Record<string, unknown>;

  /** The version of the flag, release plan or segment the request was made against. */
  @Column({ type: 'int', name: 'written_against_version' })
  writtenAgainstVersion!: number;

  /** For a flag: the environment's targeting at that version, to tell a conflicting change from an unrelated one. */
  @Column({ type: 'jsonb', nullable: true })
  base!: FlagEnvironmentConfig | null;

  @Column({ type: 'text' })
  status!: ChangeRequestStatus;

  /** Why the last apply was refused (what changed meanwhile), else null. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ type: 'jsonb' })
  reviews!: ChangeRequestReview[];

  @Column({ type: 'int', name: 'required_approvals' })
  requiredApprovals!: number;

  @Column({ type: 'boolean' })
  bypassed!: boolean;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'text', name: 'created_by_id' })
  createdById!: string;

  @Column({ type: 'text', name: 'applied_by', nullable: true })
  appliedBy!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', name: 'applied_at', nullable: true })
  appliedAt!: Date | null;

  /** When an approved request is to be applied by the executor; null: when someone applies it. */
  @Column({ type: 'timestamptz', name: 'apply_at', nullable: true })
  applyAt!: Date | null;

  /** Who scheduled the apply: the executor applies in their name. */
  @Column({ type: 'jsonb', name: 'apply_as', nullable: true })
  applyAs!: Actor | null;
}

export const changeRequestEntities = [ApprovalPolicyRow, ChangeRequestRow];
