import type { FlagSet } from '@switchyard/core';
import type { Logger } from '@switchyard/server-kit';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { RelayedChange } from './snapshot';

const FLAG_SET_QUERY =
  'query SwitchyardEdgeFlagSet($environment: String!) { flagSet(environment: $environment) { environment project version flags segments } }';
const CONFIG_CHANGED = `subscription SwitchyardEdgeConfigChanged($environment: String!, $sinceVersion: Int) {
  configChanged(environment: $environment, sinceVersion: $sinceVersion) { seq environment kind resourceType resourceKey at }
}`;

export interface UpstreamFeedOptions {
  upstreamUrl: string;
  serverKey: string;
  environment: string;
  refreshMs: number;
  logger: Logger;
  /** The version the relay already holds (from its snapshot), so the first download may be a 304. */
  initial: { set: FlagSet; etag: string | null } | null;
  /** A newer flag set arrived. */
  onFlagSet(set: FlagSet, etag: string | null): void;
  /** A change upstream reported, in `seq` order, each once. */
  onChange(change: RelayedChange): void;
  onConnection(connected: boolean): void;
}

/**
 * Keeps the relay's flag set current the way a server SDK does: downloads `flagSet` (a GET with
 * If-None-Match, so an unchanged set costs a 304), follows `configChanged` over graphql-ws from the
 * version it holds, and downloads again after each change of its environment (or of every
 * environment). On every (re)connection it downloads first and subscribes from the version it then
 * holds, so a change made while upstream was away is never missed; a periodic re-download is the
 * safety net for a change message lost on the way.
 */
export class UpstreamFeed {
  private ws: Client | null = null;
  private version: number;
  private etag: string | null;
  private lastSeq: number;
  private refreshTimer: NodeJS.Timeout | null = null;
  private downloading: Promise<void> | null = null;
  private downloadAgain = false;
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(private readonly opts: UpstreamFeedOptions) {
    this.version = opts.initial?.set.version ?? -1;
    this.etag = opts.initial?.etag ?? null;
    this.lastSeq = this.version;
  }

  get currentVersion(): number {
    return this.version;
  }

  /** Resolves after the first download succeeded (rejects when upstream cannot be read). */
  async start(): Promise<void> {
    this.refreshTimer = setInterval(() => {
      this.download().catch(() => undefined);
    }, this.opts.refreshMs);
    this.connect();
    await this.download();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.unsubscribe?.();
    await this.ws?.dispose();
    await this.downloading?.catch(() => undefined);
  }

  /** Downloads the flag set unless a download is running; one started during it runs once after. */
  download(): Promise<void> {
    if (this.downloading) {
      this.downloadAgain = true;
      return this.downloading;
    }
    this.downloading = (async () => {
      try {
        do {
          this.downloadAgain = false;
          await this.downloadOnce();
        } while (this.downloadAgain && !this.closed);
      } finally {
        this.downloading = null;
      }
    })();
    return this.downloading;
  }

  private async downloadOnce(): Promise<void> {
    const url = new URL(`${this.opts.upstreamUrl}/graphql`);
    url.searchParams.set('query', FLAG_SET_QUERY);
    url.searchParams.set('variables', JSON.stringify({ environment: this.opts.environment }));
    const res = await fetch(url, {
      headers: {
        authorization: `Bearer ${this.opts.serverKey}`,
        accept: 'application/json',
        ...(this.etag ? { 'if-none-match': this.etag } : {}),
      },
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status === 304) return;
    const body = (await res.json()) as {
      data?: { flagSet: FlagSet } | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const set = body.data?.flagSet;
    if (!set) {
      const e = body.errors?.[0];
      throw new Error(
        `upstream flagSet(${this.opts.environment}): ${e ? `${e.extensions?.code ?? ''} ${e.message}` : `HTTP ${res.status}`}`,
      );
    }
    // An older answer (another replica behind a balancer, still catching up) never replaces a newer one.
    if (set.version < this.version) return;
    this.etag = res.headers.get('etag');
    if (set.version === this.version) return;
    this.version = set.version;
    this.opts.onFlagSet(set, this.etag);
  }

  private connect(): void {
    const wsUrl = `${this.opts.upstreamUrl.replace(/^http/, 'ws')}/graphql`;
    this.ws = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      lazy: false,
      connectionParams: { authorization: `Bearer ${this.opts.serverKey}` },
      // Forever, with graphql-ws's randomised exponential backoff (at most about 30 s apart).
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => !this.closed,
      retryWait: async (retries) => {
        const ms = Math.min(30_000, 250 * 2 ** Math.min(retries, 7)) * (0.5 + Math.random() / 2);
        await new Promise((r) => setTimeout(r, ms));
      },
      onNonLazyError: () => undefined,
      on: {
        connected: () => {
          this.opts.onConnection(true);
          this.subscribe();
        },
        closed: () => {
          if (!this.closed) this.opts.onConnection(false);
        },
      },
    });
  }

  /** A fresh subscription on each connection, from the version held after a fresh download. */
  private subscribe(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    const ws = this.ws;
    if (!ws || this.closed) return;
    void this.download()
      .catch((err: Error) => this.opts.logger.warn({ err: err.message }, 'upstream flag set download failed'))
      .then(() => {
        if (this.closed || ws !== this.ws) return;
        this.unsubscribe = ws.subscribe<{ configChanged: RelayedChange }>(
          {
            query: CONFIG_CHANGED,
            variables: { environment: this.opts.environment, sinceVersion: Math.max(this.version, 0) },
          },
          {
            next: ({ data, errors }) => {
              if (errors?.length)
                this.opts.logger.warn(
                  { errors: errors.map((e) => e.message) },
                  'upstream configChanged error',
                );
              const change = data?.configChanged;
              if (!change || change.seq <= this.lastSeq) return;
              this.lastSeq = change.seq;
              this.opts.onChange(change);
              if (change.environment === null || change.environment === this.opts.environment)
                this.download().catch((err: Error) =>
                  this.opts.logger.warn({ err: err.message }, 'upstream flag set download failed'),
                );
            },
            error: (err) => {
              this.opts.logger.warn(
                { err: String((err as Error)?.message ?? err) },
                'upstream configChanged ended',
              );
            },
            complete: () => undefined,
          },
        );
      });
  }
}
