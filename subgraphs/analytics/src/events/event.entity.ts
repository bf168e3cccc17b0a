import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type EventType = 'EXPOSURE' | 'CONVERSION' | 'CUSTOM' | 'EVALUATION';

@Entity({ name: 'events' })
export class EventRow {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text', name: 'event_id' })
  eventId!: string;

  @Column({ type: 'text' })
  type!: EventType;

  @Column({ type: 'text', name: 'user_key' })
  userKey!: string;

  @Column({ type: 'text', name: 'experiment_key', nullable: true })
  experimentKey!: string | null;

  @Column({ type: 'text', nullable: true })
  variant!: string | null;

  @Column({ type: 'text', name: 'event_name', nullable: true })
  eventName!: string | null;

  @Column({ type: 'double precision', nullable: true })
  value!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  properties!: object | null;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'timestamptz', name: 'received_at', default: () => 'now()' })
  receivedAt!: Date;

  /** Of an EXPOSURE: the experiment's analysis period; 1 for other events. */
  @Column({ type: 'integer', name: 'analysis_period', default: 1 })
  analysisPeriod!: number;
}

/** First exposure of a user to an experiment in an analysis period: the unit experiments count. */
@Entity({ name: 'exposures' })
export class ExposureRow {
  @PrimaryColumn({ type: 'text', name: 'experiment_key' })
  experimentKey!: string;

  @PrimaryColumn({ type: 'text', name: 'user_key' })
  userKey!: string;

  @PrimaryColumn({ type: 'integer', name: 'analysis_period' })
  analysisPeriod!: number;

  @Column({ type: 'text' })
  variant!: string;

  @Column({ type: 'timestamptz', name: 'first_exposed_at' })
  firstExposedAt!: Date;
}
