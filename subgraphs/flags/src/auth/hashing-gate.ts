import { errors } from '@switchyard/server-kit';

export interface HashingGateOptions {
  /** Hashes running at once; below libuv's thread pool size (4) so other pool work always has a thread. */
  concurrency: number;
  /** Hashes waiting; one more is refused at once. */
  maxQueued: number;
  /** Longest a hash may wait for its turn before it is refused. */
  maxWaitMs: number;
}

interface Waiter {
  start: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Admission to password hashing. scrypt runs on libuv's thread pool, which also serves other work; a flood
 * of sign-ins queued there without bound starved every other request of the process and took a minute and a
 * half to drain. Here at most `concurrency` hashes run, a few wait, and the rest are refused at once with
 * RATE_LIMITED (retryable) instead of queuing. Hand-written because the queue libraries we could use (p-queue,
 * p-limit) queue without bound and have no refusal on a full queue.
 */
export class HashingGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly options: HashingGateOptions) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.enter();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }

  private enter(): Promise<void> {
    if (this.running < this.options.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.maxQueued) return Promise.reject(busy());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(busy());
        }, this.options.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private leave(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `running` stays the same.
    if (next) next.start();
    else this.running--;
  }
}

const busy = () => errors.rateLimited(1, { what: 'Sign-in is busy', limit: 'password-hashing' });
