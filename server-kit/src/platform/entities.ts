import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only record of every config write: who, what, before and after. */
@Entity({ schema: 'platform', name: 'audit_log' })
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'bigint', name: 'change_seq' })
  changeSeq!: string;

  @Column({ type: 'timestamptz', name: 'at', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'text', name: 'actor_id' })
  actorId!: string;

  @Column({ type: 'text', name: 'actor_name' })
  actorName!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text', name: 'resource_type' })
  resourceType!: string;

  @Column({ type: 'text', name: 'resource_key' })
  resourceKey!: string;

  @Column({ type: 'text', nullable: true })
  environment!: string | null;

  /** See ChangeRecord.project. */
  @Column({ type: 'text', nullable: true })
  project!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: object | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ type: 'text', name: 'user_agent', nullable: true })
  userAgent!: string | null;
}

/** Outbox row: the change event, numbered by the gap-free global sequence. */
@Entity({ schema: 'platform', name: 'config_changes' })
export class ConfigChangeRow {
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'text', nullable: true })
  environment!: string | null;

  /** See ChangeRecord.project. */
  @Column({ type: 'text', nullable: true })
  project!: string | null;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text', name: 'resource_type' })
  resourceType!: string;

  @Column({ type: 'text', name: 'resource_key' })
  resourceKey!: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  publishedAt!: Date | null;
}

export const platformEntities = [AuditEntry, ConfigChangeRow];
