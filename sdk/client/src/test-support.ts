// A scripted transport for unit tests (flag builders: @switchyard/core/test-fixtures).

import type { SubscriptionObserver, Transport } from './transport';

interface OpenSubscription {
  document: string;
  variables: Record<string, unknown>;
  observer: SubscriptionObserver<unknown>;
  closed: boolean;
}

/** Answers queries from handlers; subscriptions stay open until the test pushes, errors or completes them. */
export class FakeTransport implements Transport {
  queries: { document: string; variables: Record<string, unknown> }[] = [];
  mutations: { document: string; variables: Record<string, unknown>; keepalive: boolean }[] = [];
  subscriptions: OpenSubscription[] = [];
  closed = false;
  onQuery: (document: string, variables: Record<string, unknown>) => unknown = () => {
    throw new Error('offline');
  };
  onMutation: (document: string, variables: Record<string, unknown>) => unknown = () => ({
    trackEvents: { accepted: 0 },
  });

  /** Bodies posted to `POST /usage`; `onUsage` may throw to refuse one. */
  usagePosts: unknown[] = [];
  onUsage: (body: unknown) => void = () => {};

  async postUsage(body: unknown): Promise<void> {
    this.onUsage(body);
    this.usagePosts.push(body);
  }

  async query<T>(document: string, variables: Record<string, unknown>): Promise<T> {
    this.queries.push({ document, variables });
    return this.onQuery(document, variables) as T;
  }

  async mutate<T>(
    document: string,
    variables: Record<string, unknown>,
    options: { keepalive?: boolean } = {},
  ) {
    this.mutations.push({ document, variables, keepalive: options.keepalive === true });
    return this.onMutation(document, variables) as T;
  }

  subscribe<T>(document: string, variables: Record<string, unknown>, observer: SubscriptionObserver<T>) {
    const sub: OpenSubscription = {
      document,
      variables,
      observer: observer as SubscriptionObserver<unknown>,
      closed: false,
    };
    this.subscriptions.push(sub);
    return () => {
      sub.closed = true;
    };
  }

  get live(): OpenSubscription | undefined {
    return this.subscriptions.filter((s) => !s.closed).at(-1);
  }

  close(): void {
    this.closed = true;
  }
}

/** Lets pending promise callbacks run (fake timers do not advance them). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** A socket that never opens: subscriptions wait, queries go over fetch. */
export class SilentWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  readyState = 0;
  protocol = 'graphql-transport-ws';
  onopen = null;
  onclose = null;
  onerror = null;
  onmessage = null;
  send() {}
  close() {}
}
