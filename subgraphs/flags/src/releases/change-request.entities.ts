import type { Actor } from '@switchyard/server-kit';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PendingFlagChange } from './release.entities';

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

@Entity({ name: 'change_requests' })
export class ChangeRequestRow extends PendingFlagChange {
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
