import { errors } from '@switchyard/server-kit';

/** Failed sign-ins of one account before it has to wait. */
const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 1000;
const LONGEST_WAIT_MS = 5 * 60_000;
/** An account with no failure for this long starts afresh. */
const FORGET_AFTER_MS = 15 * 60_000;
/** Accounts remembered at once; the oldest is forgotten first, so a spray of emails cannot grow memory. */
const MAX_ACCOUNTS = 10_000;

interface Failures {
  count: number;
  last: number;
  until: number;
}

/**
 * Per-account back-off after failed sign-ins: after five failures each attempt waits 1 s, then 2 s, 4 s …
 * up to 5 minutes, refused with RATE_LIMITED before any password is hashed. Keyed by the email as typed
 * (lower-cased), known or not, so the answer reveals nothing about which accounts exist. Kept in each flags
 * replica: with several replicas an attacker gets a few more tries, never an unbounded number.
 */
export class SignInBackoff {
  private readonly accounts = new Map<string, Failures>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Throws RATE_LIMITED while `email` must wait. */
  check(email: string): void {
    const entry = this.current(email);
    if (entry && entry.until > this.now()) {
      const seconds = Math.ceil((entry.until - this.now()) / 1000);
      throw errors.rateLimited(seconds, {
        what: 'Too many failed sign-ins for this account',
        limit: 'sign-in-account',
      });
    }
  }

  failed(email: string): void {
    const entry = this.current(email) ?? { count: 0, last: 0, until: 0 };
    entry.count++;
    entry.last = this.now();
    if (entry.count >= FREE_FAILURES)
      entry.until =
        entry.last + Math.min(FIRST_WAIT_MS * 2 ** (entry.count - FREE_FAILURES), LONGEST_WAIT_MS);
    // Re-inserted so the map's order is the order of last failure.
    this.accounts.delete(email);
    this.accounts.set(email, entry);
    if (this.accounts.size > MAX_ACCOUNTS) this.accounts.delete(this.accounts.keys().next().value!);
  }

  succeeded(email: string): void {
    this.accounts.delete(email);
  }

  private current(email: string): Failures | undefined {
    const entry = this.accounts.get(email);
    if (entry && this.now() - entry.last > FORGET_AFTER_MS) {
      this.accounts.delete(email);
      return undefined;
    }
    return entry;
  }
}
