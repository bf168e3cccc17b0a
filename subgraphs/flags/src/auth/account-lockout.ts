import { errors } from '@switchyard/server-kit';
import { GraphQLError } from 'graphql';
import type { DataSource, EntityManager } from 'typeorm';

export interface LockoutPolicy {
  /** Failures within the window that lock the account; 0 turns lock-out off. */
  failures: number;
  windowMinutes: number;
  lockMinutes: number;
}

/** RATE_LIMITED with `reason: ACCOUNT_LOCKED` and when it unlocks. */
export function accountLocked(until: Date, now = Date.now()): GraphQLError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now) / 1000));
  const error = errors.rateLimited(seconds, {
    what: `This account is locked after too many failed sign-ins until ${until.toISOString()}; an admin can unlock it`,
    limit: 'account-lockout',
  });
  Object.assign(error.extensions, { reason: 'ACCOUNT_LOCKED', lockedUntil: until.toISOString() });
  return error;
}

/**
 * Lock-out after repeated failed sign-ins, kept in PostgreSQL so every flags replica (and so every
 * gateway) sees the same count and lock. Keyed by the account as typed, lower-cased, known or not, so
 * the answers reveal nothing about which accounts exist. The in-process back-off still slows attempts
 * before they reach here.
 */
export class AccountLockout {
  constructor(
    private readonly ds: DataSource,
    private readonly policy: LockoutPolicy,
  ) {}

  /** When the account unlocks, or null when it is not locked. */
  async lockedUntil(account: string): Promise<Date | null> {
    if (this.policy.failures === 0) return null;
    const rows: { lockedUntil: Date }[] = await this.ds.query(
      `SELECT locked_until AS "lockedUntil" FROM flags.sign_in_failures
        WHERE account = $1 AND locked_until > now()`,
      [account],
    );
    return rows[0]?.lockedUntil ?? null;
  }

  /** Counts a failure; returns when the account unlocks if this failure locked it. */
  async failed(account: string): Promise<Date | null> {
    if (this.policy.failures === 0) return null;
    const { failures, windowMinutes, lockMinutes } = this.policy;
    // A window that has passed starts again at this failure (a locked account never gets here).
    await this.ds.query(
      `DELETE FROM flags.sign_in_failures WHERE account = $1
          AND window_started_at < now() - make_interval(mins => $2)
          AND (locked_until IS NULL OR locked_until < now())`,
      [account, windowMinutes],
    );
    const rows: { lockedUntil: Date | null }[] = await this.ds.query(
      `INSERT INTO flags.sign_in_failures AS f (account, failures, window_started_at, locked_until)
       VALUES ($1, 1, now(), CASE WHEN $2 <= 1 THEN now() + make_interval(mins => $3) END)
       ON CONFLICT (account) DO UPDATE SET
         failures = f.failures + 1,
         locked_until = CASE WHEN f.failures + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE f.locked_until END
       RETURNING locked_until AS "lockedUntil"`,
      [account, failures, lockMinutes],
    );
    // Now and then, forget accounts whose window and lock have long passed (unknown emails add rows too).
    if (Math.random() < 0.01) {
      await this.ds.query(
        `DELETE FROM flags.sign_in_failures
          WHERE window_started_at < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())`,
      );
    }
    const until = rows[0]?.lockedUntil ?? null;
    return until && until.getTime() > Date.now() ? until : null;
  }

  /** A successful sign-in, a password reset or an admin's unlock forgets the failures. */
  async clear(account: string, m: EntityManager | DataSource = this.ds): Promise<void> {
    await m.query('DELETE FROM flags.sign_in_failures WHERE account = $1', [account]);
  }
}
