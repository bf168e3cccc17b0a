import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface SubscriptionEvent<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface TestSubscription<T = Record<string, unknown>> {
  events: SubscriptionEvent<T>[];
  /** Resolves when at least `count` events arrived; rejects after `timeoutMs` listing what came. */
  waitFor(count: number, timeoutMs?: number): Promise<SubscriptionEvent<T>[]>;
  /** Resolves when the server completes or fails the subscription. */
  ended: Promise<{ error?: unknown }>;
  close(): Promise<void>;
}

/** One graphql-ws connection (auth in `connection_init`); `lazy: false` connects at once. */
export function wsClient(url: string, token: string | null): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    onNonLazyError: () => {},
  });
}

/** Subscribes and collects every event, for assertions. */
export function subscribe<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): TestSubscription<T> {
  const events: SubscriptionEvent<T>[] = [];
  const waiters: (() => void)[] = [];
  let endResolve: (v: { error?: unknown }) => void = () => {};
  const ended = new Promise<{ error?: unknown }>((r) => {
    endResolve = r;
  });
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        events.push(value as SubscriptionEvent<T>);
        for (const w of waiters.splice(0)) w();
      },
      error: (error) => {
        endResolve({ error });
        for (const w of waiters.splice(0)) w();
      },
      complete: () => {
        endResolve({});
        for (const w of waiters.splice(0)) w();
      },
    },
  );
  return {
    events,
    ended,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(
            `expected ${count} events, got ${events.length}: ${JSON.stringify(events).slice(0, 2000)}`,
          );
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return events;
    },
    async close() {
      dispose();
    },
  };
}
