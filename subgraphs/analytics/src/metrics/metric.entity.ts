import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type MetricKind = 'CONVERSION' | 'MEAN' | 'COUNT';

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

  @Column({ type: 'integer', name: 'conversion_window_hours' })
  conversionWindowHours!: number;

  @Column({ type: 'boolean', name: 'higher_is_better' })
  higherIsBetter!: boolean;

  @Column({ type: 'double precision', name: 'guardrail_threshold', nullable: true })
  guardrailThreshold!: number | null;

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
