// The SDK's one way to the gateway: urql for queries and mutations over HTTP, graphql-ws for subscriptions at the
// same URL. Reconnection is not left to graphql-ws: the client resubscribes itself so that it can resume from the
// version it holds (`sinceVersion`), which a transport-level retry would not update. Where a WebSocket cannot be
// opened at all (a proxy refusing the upgrade, no WebSocket in the runtime), subscriptions go over GraphQL over
// Server-Sent Events (graphql-sse, `<url>/stream`); where that cannot connect either, the transport says so
// (`channel: 'polling'`) and the client polls.

import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { pipe, subscribe } from 'wonka';

/** A failure talking to the gateway. `fatal` ones (a refused key) are not retried. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly fatal: boolean,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface SubscriptionObserver<T> {
  next(data: T): void;
  error(error: TransportError): void;
  complete(): void;
}

/** How subscriptions travel: graphql-ws, GraphQL over SSE, or none (the client polls). */
export type StreamChannel = 'websocket' | 'sse' | 'polling';

export interface Transport {
  /** Absent: always 'websocket'. */
  readonly channel?: StreamChannel;
  query<T>(document: string, variables: Record<string, unknown>): Promise<T>;
  /**
   * The query as a GET with If-None-Match: null when the gateway answers 304 (what `etag` names is
   * still current), else the data and the answer's ETag. Absent: the client uses `query`.
   */
  queryIfChanged?<T>(
    document: string,
    variables: Record<string, unknown>,
    etag: string | null,
  ): Promise<{ data: T; etag: string | null } | null>;
  mutate<T>(
    document: string,
    variables: Record<string, unknown>,
    options?: { keepalive?: boolean },
  ): Promise<T>;
  /**
   * Posts to the gateway's `POST /usage` (beside its GraphQL endpoint) with the key; resolves once taken (202),
   * else throws a TransportError carrying the answer's code (`NOT_FOUND` when there is no such endpoint).
   * Absent: the client sends nothing there.
   */
  postUsage?(body: unknown): Promise<void>;
  /** Returns the unsubscribe function. Exactly one of error/complete ends a subscription. */
  subscribe<T>(
    document: string,
    variables: Record<string, unknown>,
    observer: SubscriptionObserver<T>,
  ): () => void;
  close(): void;
}

export interface UrqlTransportOptions {
  url: string;
  sdkKey: string;
  webSocketImpl?: unknown;
  fetch?: typeof fetch;
}

const FATAL_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

interface ErrorLike {
  message?: string;
  extensions?: { code?: unknown };
}

function fromGraphQLErrors(errors: readonly ErrorLike[]): TransportError {
  const code = errors.map((e) => String(e.extensions?.code ?? '')).find((c) => c !== '') ?? undefined;
  const message = errors.map((e) => e.message).join('; ') || 'GraphQL error';
  return new TransportError(message, code !== undefined && FATAL_CODES.has(code), code);
}

/** What graphql-ws hands a sink's error: a CloseEvent, an Error, or GraphQL errors. */
function fromSubscriptionError(error: unknown): TransportError {
  if (Array.isArray(error)) return fromGraphQLErrors(error as ErrorLike[]);
  const close = error as { code?: unknown; reason?: unknown };
  if (typeof close?.code === 'number') {
    // 4401 Unauthorized / 4403 Forbidden are the graphql-ws codes for a refused connection.
    const fatal = close.code === 4401 || close.code === 4403;
    return new TransportError(`connection closed (${close.code} ${String(close.reason ?? '')})`, fatal);
  }
  return new TransportError(error instanceof Error ? error.message : String(error), false);
}

function wsClientOrNull(options: Parameters<typeof createWsClient>[0]): WsClient | null {
  try {
    return createWsClient(options);
  } catch {
    return null;
  }
}

/** A gateway endpoint beside its GraphQL endpoint (`…/graphql` → `…/events`, `…/usage`). */
export function besideGraphql(graphqlUrl: string, name: string): string {
  const url = new URL(graphqlUrl);
  url.pathname = /\/graphql\/?$/.test(url.pathname)
    ? url.pathname.replace(/\/graphql\/?$/, `/${name}`)
    : `/${name}`;
  url.search = '';
  return url.toString();
}

/** How long a `POST /usage` may take before it counts as failed (and is retried). */
const USAGE_TIMEOUT_MS = 10_000;

export function webSocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http(s?):/i, 'ws$1:');
}

export class UrqlTransport implements Transport {
  private readonly urql: Client;
  private readonly ws: WsClient | null;
  private readonly authorization: string;
  private readonly sse: SseClient;
  private channelValue: StreamChannel;
  /**
   * A WebSocket that opened once (or an SSE stream that connected once) shows the network lets it through: later
   * failures are outages, retried on the same channel. A channel is given up only after it failed twice without
   * ever opening while HTTP requests to the same gateway succeeded (a proxy refusing it, not a gateway that is down).
   */
  private wsOpened = false;
  private sseConnected = false;
  private refusals = 0;
  /** When an HTTP request to the gateway last succeeded. */
  private httpOkAt = 0;
  private readonly url: string;
  private readonly fetchFn: typeof fetch;

  constructor(options: UrqlTransportOptions) {
    const authorization = `Bearer ${options.sdkKey}`;
    this.authorization = authorization;
    this.url = options.url;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    const markOpened = () => {
      this.wsOpened = true;
    };
    this.sse = createSseClient({
      url: `${options.url.replace(/\/$/, '')}/stream`,
      headers: { authorization },
      // The client resubscribes itself, from the version it holds.
      retryAttempts: 0,
      ...(options.fetch ? { fetchFn: options.fetch } : {}),
      on: {
        connected: () => {
          this.sseConnected = true;
        },
      },
    });
    this.ws = wsClientOrNull({
      on: { opened: markOpened },
      url: webSocketUrl(options.url),
      webSocketImpl: options.webSocketImpl,
      connectionParams: () => ({ authorization }),
      lazy: true,
      lazyCloseTimeout: 0,
      retryAttempts: 0,
      // Pings find a dead connection (a gateway that vanished without closing) within seconds.
      keepAlive: 10_000,
    });
    const ws = this.ws;
    this.channelValue = ws ? 'websocket' : 'sse';
    this.urql = new Client({
      url: options.url,
      fetch: options.fetch,
      requestPolicy: 'network-only',
      preferGetMethod: false,
      fetchOptions: () => ({ headers: { authorization } }),
      exchanges: [
        subscriptionExchange({
          forwardSubscription(request, operation) {
            const onEnd = operation.context.onEnd as ((error?: unknown) => void) | undefined;
            return {
              subscribe(sink) {
                if (!ws) {
                  // No WebSocket here: the subscription fails and the client falls back to refetching with backoff.
                  const error = new Error('no WebSocket implementation');
                  Promise.resolve().then(() => {
                    sink.error(error);
                    onEnd?.(error);
                  });
                  return { unsubscribe: () => {} };
                }
                const dispose = ws.subscribe(
                  { ...request, query: request.query ?? '' },
                  {
                    next: (value) => sink.next(value as never),
                    error: (error) => {
                      sink.error(error);
                      onEnd?.(error ?? new Error('subscription failed'));
                    },
                    complete: () => {
                      sink.complete();
                      onEnd?.();
                    },
                  },
                );
                return { unsubscribe: dispose };
              },
            };
          },
        }),
        fetchExchange,
      ],
    });
  }

  private async execute<T>(
    kind: 'query' | 'mutation',
    document: string,
    variables: Record<string, unknown>,
    keepalive = false,
  ): Promise<T> {
    // An operation's fetchOptions replace the client's, so the key goes along again.
    const context = keepalive
      ? { fetchOptions: { keepalive: true, headers: { authorization: this.authorization } } }
      : undefined;
    const result =
      kind === 'query'
        ? await this.urql.query(document, variables, context).toPromise()
        : await this.urql.mutation(document, variables, context).toPromise();
    if (result.error) {
      const status = (result.error.response as { status?: number } | undefined)?.status;
      if (result.error.graphQLErrors.length > 0) throw fromGraphQLErrors(result.error.graphQLErrors);
      const fatal = status === 401 || status === 403;
      throw new TransportError(result.error.message, fatal, fatal ? 'UNAUTHENTICATED' : undefined);
    }
    if (!result.data) throw new TransportError('no data', false);
    this.httpOkAt = Date.now();
    return result.data as T;
  }

  query<T>(document: string, variables: Record<string, unknown>): Promise<T> {
    return this.execute<T>('query', document, variables);
  }

  async queryIfChanged<T>(
    document: string,
    variables: Record<string, unknown>,
    etag: string | null,
  ): Promise<{ data: T; etag: string | null } | null> {
    const url = new URL(this.url);
    url.searchParams.set('query', document);
    url.searchParams.set('variables', JSON.stringify(variables));
    let res: Response;
    try {
      res = await this.fetchFn(url, {
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(etag ? { 'if-none-match': etag } : {}),
        },
      });
    } catch (error) {
      throw new TransportError(error instanceof Error ? error.message : String(error), false);
    }
    if (res.status === 304) {
      this.httpOkAt = Date.now();
      return null;
    }
    const body = (await res.json().catch(() => null)) as { data?: T | null; errors?: ErrorLike[] } | null;
    if (body?.errors?.length) throw fromGraphQLErrors(body.errors);
    if (!res.ok || !body?.data) {
      const fatal = res.status === 401 || res.status === 403;
      throw new TransportError(`HTTP ${res.status}`, fatal, fatal ? 'UNAUTHENTICATED' : undefined);
    }
    this.httpOkAt = Date.now();
    return { data: body.data, etag: res.headers.get('etag') };
  }

  mutate<T>(document: string, variables: Record<string, unknown>, options: { keepalive?: boolean } = {}) {
    return this.execute<T>('mutation', document, variables, options.keepalive);
  }

  async postUsage(body: unknown): Promise<void> {
    let res: Response;
    try {
      const timeout = (AbortSignal as { timeout?: (ms: number) => AbortSignal }).timeout;
      res = await this.fetchFn(besideGraphql(this.url, 'usage'), {
        method: 'POST',
        headers: { authorization: this.authorization, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        ...(timeout ? { signal: timeout(USAGE_TIMEOUT_MS) } : {}),
      });
    } catch (error) {
      throw new TransportError(error instanceof Error ? error.message : String(error), false);
    }
    if (res.status === 202) {
      this.httpOkAt = Date.now();
      await res.body?.cancel();
      return;
    }
    const answer = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    const code = answer?.error?.code ?? (res.status === 404 ? 'NOT_FOUND' : undefined);
    const message = answer?.error?.message ? `: ${answer.error.message}` : '';
    throw new TransportError(
      `POST /usage answered ${res.status}${message}`,
      res.status === 401 || res.status === 403,
      code,
    );
  }

  get channel(): StreamChannel {
    return this.channelValue;
  }

  /** Counts a channel's refusal; true on the second one in a row while HTTP succeeded within the last minute. */
  private refusedWhileHttpWorks(): boolean {
    if (Date.now() - this.httpOkAt > 60_000) return false;
    this.refusals += 1;
    if (this.refusals < 2) return false;
    this.refusals = 0;
    return true;
  }

  subscribe<T>(
    document: string,
    variables: Record<string, unknown>,
    observer: SubscriptionObserver<T>,
  ): () => void {
    if (this.channelValue === 'sse') return this.subscribeSse(document, variables, observer);
    let ended = false;
    const end = (error?: unknown) => {
      if (ended) return;
      ended = true;
      // Never opened while HTTP works: WebSockets do not get through here; subscriptions go over SSE.
      if (error !== undefined && !this.wsOpened && this.refusedWhileHttpWorks()) this.channelValue = 'sse';
      // Outside urql's own callback: the subscription is torn down before anyone reacts.
      void Promise.resolve().then(() => {
        stream.unsubscribe();
        if (error === undefined) observer.complete();
        else observer.error(fromSubscriptionError(error));
      });
    };
    const stream = pipe(
      this.urql.subscription(document, variables, { onEnd: end }),
      subscribe((result) => {
        if (ended) return;
        if (result.data) observer.next(result.data as T);
      }),
    );
    return () => {
      ended = true;
      stream.unsubscribe();
    };
  }

  /** One subscription over GraphQL over SSE (distinct connections); its refusals arrive as errors in a result. */
  private subscribeSse<T>(
    document: string,
    variables: Record<string, unknown>,
    observer: SubscriptionObserver<T>,
  ): () => void {
    let ended = false;
    const end = (error?: TransportError) => {
      if (ended) return;
      ended = true;
      dispose();
      if (error) observer.error(error);
      else observer.complete();
    };
    const dispose = this.sse.subscribe<T>(
      { query: document, variables },
      {
        next: (result) => {
          if (ended) return;
          if (result.errors?.length) end(fromGraphQLErrors(result.errors as unknown as readonly ErrorLike[]));
          else if (result.data) observer.next(result.data as T);
        },
        error: (error) => {
          // Never connected while HTTP works: SSE does not get through either; the client polls from now on.
          if (!this.sseConnected && this.refusedWhileHttpWorks()) this.channelValue = 'polling';
          const status = (error as { response?: { status?: number } } | null)?.response?.status;
          end(
            status === 401 || status === 403
              ? new TransportError(`stream refused (${status})`, true, 'UNAUTHENTICATED')
              : new TransportError(error instanceof Error ? error.message : String(error), false),
          );
        },
        complete: () => end(),
      },
    );
    return () => {
      ended = true;
      dispose();
    };
  }

  close(): void {
    void this.ws?.dispose();
    this.sse.dispose();
  }
}
