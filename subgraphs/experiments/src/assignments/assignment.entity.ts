import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's first assignment to an experiment; it wins over later evaluation (stickiness). */
@Entity({ name: 'user_assignments' })
export class UserAssignmentRow {
  @PrimaryColumn({ type: 'text' })
  project!: string;

  @PrimaryColumn({ type: 'text', name: 'experiment_key' })
  experimentKey!: string;

  @PrimaryColumn({ type: 'text', name: 'user_key' })
  userKey!: string;

  @Column({ type: 'text' })
  variant!: string;

  @Column({ type: 'timestamptz', name: 'assigned_at', default: () => 'now()' })
  assignedAt!: Date;

  /** The analysis period of the last exposure recorded for this user. */
  @Column({ type: 'int', name: 'exposure_period', default: 1 })
  exposurePeriod!: number;

  @Column({ type: 'timestamptz', name: 'exposed_at', default: () => 'now()' })
  exposedAt!: Date;

  @Column({ type: 'timestamptz', name: 'exposure_published_at', nullable: true })
  exposurePublishedAt!: Date | null;
}
