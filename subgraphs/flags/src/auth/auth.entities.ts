import type { ApiKeyKind, Role } from '@switchyard/server-kit';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A person who signs in with email and password, or through the console's single sign-on. */
@Entity({ name: 'users' })
export class UserRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-cased; unique. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  name!: string;

  /** `scrypt$N$r$p$salt$hash` (see password.ts); null for a user who signs in only through single sign-on. */
  @Column({ type: 'text', name: 'password_hash', nullable: true })
  passwordHash!: string | null;

  /** `<issuer> <sub>` of the OpenID provider's account this user signs in with; null before any single sign-on. */
  @Column({ type: 'text', name: 'sso_subject', nullable: true })
  ssoSubject!: string | null;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  permissions!: string[];

  /** Keys of the custom roles an admin assigned (added to the role's permissions). */
  @Column({ type: 'text', array: true, name: 'custom_roles', default: () => "'{}'" })
  customRoles!: string[];

  /** The groups single sign-on reported at the last sign-in; their mapped custom roles apply too. */
  @Column({ type: 'text', array: true, name: 'sso_groups', default: () => "'{}'" })
  ssoGroups!: string[];

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  /** Set while the user may not sign in; their sessions ended and their API keys stopped then. */
  @Column({ type: 'timestamptz', name: 'deactivated_at', nullable: true })
  deactivatedAt!: Date | null;

  /** Set once an admin deleted the user: the row stays for the audit log, its email freed. */
  @Column({ type: 'timestamptz', name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}

/** One refresh token per session; only its hash is stored. Rotated on every refresh. */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId!: string;

  /** The sign-in this token continues (the access token's `sid`); the first token's id. */
  @Column({ type: 'uuid', name: 'session_id' })
  sessionId!: string;

  @Column({ type: 'text', name: 'token_hash' })
  tokenHash!: string;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}

/** An SDK key or automation token; only the hash of the secret is stored. */
@Entity({ name: 'api_keys' })
export class ApiKeyRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: ApiKeyKind;

  @Column({ type: 'text', nullable: true })
  environment!: string | null;

  /** An SDK key's project (every key had `default` before projects; a TOKEN's is unused). */
  @Column({ type: 'text', default: 'default' })
  project!: string;

  @Column({ type: 'text', nullable: true })
  role!: Role | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  permissions!: string[];

  /** A TOKEN's custom roles (with or instead of its preset role). */
  @Column({ type: 'text', array: true, name: 'custom_roles', default: () => "'{}'" })
  customRoles!: string[];

  @Column({ type: 'text' })
  prefix!: string;

  @Column({ type: 'text', name: 'secret_hash' })
  secretHash!: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  /** The user who made it (null: made by a token, or before this was kept); their deactivation stops it. */
  @Column({ type: 'uuid', name: 'created_by_user_id', nullable: true })
  createdByUserId!: string | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
