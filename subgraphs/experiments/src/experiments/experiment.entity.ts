import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ExperimentStatus = 'DRAFT' | 'RUNNING' | 'PAUSED' | 'COMPLETED';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ExperimentVariant {
  key: string;
  /** Percent of enrolled users. */
  weight: number;
  configuration?: JsonValue;
}

@Entity({ name: 'experiments' })
export class ExperimentRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
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

  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
