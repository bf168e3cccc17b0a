import type { ScopedGrant } from '@switchyard/server-kit';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A custom role: a named set of grants, each a permission in a project and environment (null: any). */
@Entity({ name: 'roles' })
export class RoleRow {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  grants!: ScopedGrant[];

  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}

/** The custom roles people in an identity-provider group get when they sign in through single sign-on. */
@Entity({ name: 'role_group_mappings' })
export class RoleGroupMappingRow {
  @PrimaryColumn({ type: 'text', name: 'group_name' })
  group!: string;

  @Column({ type: 'text', array: true, name: 'role_keys' })
  roleKeys!: string[];

  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}

export const roleEntities = [RoleRow, RoleGroupMappingRow];
