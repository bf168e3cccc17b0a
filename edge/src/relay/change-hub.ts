import type { FlagSet } from '@switchyard/core';
import type { RelayedChange } from './snapshot';

const KEPT_CHANGES = 1000;

type Listener = () => void;

/**
 * What the relay holds and passes on: the current flag set and the recent changes (for a chained
 * edge resuming with `sinceVersion`), with listeners woken on each.
 */
export class ChangeHub {
  private set: FlagSet | null = null;
  private etagValue: string | null = null;
  private readonly recent: RelayedChange[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(initial: { set: FlagSet; etag: string | null; changes: RelayedChange[] } | null) {
    if (initial) {
      this.set = initial.set;
      this.etagValue = initial.etag;
      this.recent.push(...initial.changes.slice(-KEPT_CHANGES));
    }
  }

  get flagSet(): FlagSet | null {
    return this.set;
  }

  get etag(): string | null {
    return this.etagValue;
  }

  get changes(): readonly RelayedChange[] {
    return this.recent;
  }

  setFlagSet(set: FlagSet, etag: string | null): void {
    this.set = set;
    this.etagValue = etag;
    this.wake();
  }

  addChange(change: RelayedChange): void {
    const last = this.recent.at(-1);
    if (last && change.seq <= last.seq) return;
    this.recent.push(change);
    if (this.recent.length > KEPT_CHANGES) this.recent.shift();
    this.wake();
  }

  /** Changes after `seq`, oldest first. */
  since(seq: number): RelayedChange[] {
    return this.recent.filter((c) => c.seq > seq);
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private wake(): void {
    for (const l of [...this.listeners]) l();
  }
}

/**
 * An async iterator fed by `wake`: each wake asks `next` for what to send (nothing: keep waiting).
 * graphql-js calls `return` when the subscriber leaves, which removes the listener.
 */
export function wakeIterator<T>(hub: ChangeHub, pending: () => T[]): AsyncGenerator<T, void, undefined> {
  const queue: T[] = [];
  let waiting: (() => void) | null = null;
  let done = false;
  const stop = hub.listen(() => {
    queue.push(...pending());
    waiting?.();
  });
  queue.push(...pending());
  const iterator: AsyncGenerator<T, void, undefined> = {
    async next() {
      while (!done && queue.length === 0) await new Promise<void>((r) => (waiting = r));
      waiting = null;
      if (done) return { value: undefined, done: true };
      return { value: queue.shift()!, done: false };
    },
    async return() {
      done = true;
      stop();
      waiting?.();
      return { value: undefined, done: true };
    },
    async throw(err) {
      done = true;
      stop();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
    async [Symbol.asyncDispose]() {
      await iterator.return();
    },
  };
  return iterator;
}
