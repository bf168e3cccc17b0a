/**
 * An async iterator fed by push: what graphql-ws consumes for one subscription.
 * Bounded, so a client that stops reading cannot grow the gateway's memory forever.
 */
export class PushQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private done = false;
  private failure: Error | null = null;

  constructor(
    private readonly onReturn: () => void,
    private readonly limit = 10_000,
  ) {}

  push(item: T): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.limit) {
      this.fail(new Error('The subscriber is too slow: more than 10,000 undelivered events'));
      return;
    }
    this.items.push(item);
  }

  get closed(): boolean {
    return this.done;
  }

  /** Ends the stream after what is queued. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.onReturn();
    if (this.waiting && this.items.length === 0) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  fail(err: Error): void {
    this.failure = err;
    this.items.length = 0;
    this.end();
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
