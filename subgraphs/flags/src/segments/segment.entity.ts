import type { SegmentRule } from '@switchyard/core';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'segments' })
export class SegmentRow {
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

  /** Kept sorted and unique, so pages and diffs are cheap. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  included!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  excluded!: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  rules!: SegmentRule[];

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
