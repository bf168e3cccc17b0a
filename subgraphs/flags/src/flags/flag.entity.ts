import type { FlagType, Rollout, Rule, Serve, Target, Prerequisite, Variation } from '@switchyard/core';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'flags' })
export class FlagRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  key!: string;

  /** Keys are unique within it (flags.projects). */
  @Column({ type: 'text', default: 'default' })
  project!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text' })
  type!: FlagType;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'text', nullable: true })
  owner!: string | null;

  @Column({ type: 'jsonb' })
  variations!: Variation[];

  @Column({ type: 'boolean', default: false })
  archived!: boolean;

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

/** A flag's targeting in one environment. */
@Entity({ name: 'flag_environments' })
export class FlagEnvironmentRow {
  @PrimaryColumn({ type: 'uuid', name: 'flag_id' })
  flagId!: string;

  @PrimaryColumn({ type: 'text', name: 'environment_key' })
  environmentKey!: string;

  @Column({ type: 'boolean', default: false })
  enabled!: boolean;

  @Column({ type: 'text', name: 'off_variation' })
  offVariation!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  targets!: Target[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  rules!: Rule[];

  @Column({ type: 'jsonb' })
  fallthrough!: Serve;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  prerequisites!: Prerequisite[];

  @Column({ type: 'timestamptz', name: 'starts_at', nullable: true })
  startsAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'ends_at', nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}

export type { Rollout };
