// Public types of the client SDK.

import type { EvaluationContext, EvaluationReason, EvaluationResult, FlagSet } from '@switchyard/core';

export type { EvaluationContext, EvaluationReason, EvaluationResult, FlagSet };

/**
 * Flag key → value type. Empty here; `switchyard codegen` writes a declaration that augments it, which turns on
 * type checking of keys and values in `getValue`, `isEnabled` and the React hooks.
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by generated declarations
export interface FlagTypes {}

type Typed = keyof FlagTypes extends never ? false : true;

/** A flag key: any string until codegen declares the catalogue, then only declared keys. */
export type FlagKey = Typed extends true ? keyof FlagTypes & string : string;

/** Keys of boolean flags (any string when untyped). */
export type BooleanFlagKey = Typed extends true
  ? { [K in keyof FlagTypes]: FlagTypes[K] extends boolean ? K : never }[keyof FlagTypes] & string
  : string;

type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;

/** What a default for flag K must be. */
export type DefaultFor<K> = K extends keyof FlagTypes ? FlagTypes[K] : unknown;

/** The type `getValue(K, D)` returns: the declared type, else the (widened) type of the default. */
export type ValueFor<K, D> = K extends keyof FlagTypes ? FlagTypes[K] : Widen<D>;

/** A value as served by the graph's `evaluate` / `evaluatedConfig` (client keys evaluate on the server). */
export interface EvaluatedFlag {
  value: unknown;
  variation: string | null;
  reason: EvaluationReason;
}

/**
 * What the client knows, as persisted and as passed in `bootstrap`. `flagSet` is a whole environment's
 * configuration (server keys); `evaluated` is one context's values (client keys, server-rendered pages).
 */
export type ConfigSnapshot =
  | { kind: 'flagSet'; version: number; flagSet: FlagSet; savedAt?: number }
  | {
      kind: 'evaluated';
      version: number;
      /** The context the values were evaluated for; a persisted snapshot for another context is not used. */
      context?: EvaluationContext | null;
      values: Record<string, EvaluatedFlag>;
      savedAt?: number;
    };

/**
 * initializing: nothing from the network yet. ready: current and streaming. stale: serving the last known config
 * while disconnected. error: refused (bad key) or nothing known after the ready timeout; still serves defaults.
 */
export type ClientStatus = 'initializing' | 'ready' | 'stale' | 'error';

export interface ChangeEvent {
  /** Flags whose configuration or value changed; empty when only the status changed. */
  changed: string[];
  version: number;
  status: ClientStatus;
}

export type ChangeListener = (event: ChangeEvent) => void;

export type EventType = 'EXPOSURE' | 'CONVERSION' | 'CUSTOM' | 'EVALUATION';

/** The analytics subgraph's EventInput. */
export interface AnalyticsEvent {
  eventId: string;
  type: EventType;
  userKey: string;
  experimentKey?: string | null;
  variant?: string | null;
  eventName?: string | null;
  value?: number | null;
  properties?: Record<string, unknown> | null;
  timestamp?: string | null;
}

export interface Logger {
  warn(message: string, detail?: unknown): void;
  debug?(message: string, detail?: unknown): void;
}

/** Where the last known config is kept between runs. */
export interface ConfigCache {
  load(): ConfigSnapshot | null;
  save(snapshot: ConfigSnapshot): void;
}

export interface ClientOptions {
  /** The gateway's GraphQL endpoint (`http://host/graphql`); subscriptions use the same URL over WebSocket. */
  url: string;
  /** A server key (`sy_server_…`, downloads the flag set and evaluates locally) or a client key (`sy_client_…`). */
  sdkKey: string;
  /** Environment key (default `production`). */
  environment?: string;
  /** `server` or `client`; inferred from the key's prefix when omitted. */
  mode?: 'server' | 'client';
  /** Who is being evaluated; a server-mode client may also pass a context per call. */
  context?: EvaluationContext;
  /** Values served when nothing is known about a flag (before the caller's per-call default). */
  defaults?: Record<string, unknown>;
  /** Server-rendered values or a flag set: served immediately, so the first paint has them. */
  bootstrap?: ConfigSnapshot | null;
  /** Where to keep the last known config; `false` keeps nothing. Default: a file (Node) or localStorage (browser). */
  cache?: ConfigCache | false;
  /** No network at all: serve bootstrap, cache and defaults (used while server-rendering). */
  offline?: boolean;
  /** `ready()` resolves at the latest after this long (default 5000 ms). */
  readyTimeoutMs?: number;
  /** Record exposure and evaluation-count events and send `track` events (default true). */
  sendEvents?: boolean;
  /**
   * Send evaluation counts (`EVALUATION` events, for `Flag.usage` and the flag lifecycle) and, in server mode,
   * a sample of the contexts evaluated locally (for the impact preview). Default true; `sendEvents: false` also
   * turns them off.
   */
  sendUsage?: boolean;
  /**
   * Server mode: send a sample of the contexts evaluated locally (at most 1,000 distinct keys per flush) to the
   * gateway's `POST /usage`, as a relay does, so `previewTargeting` sees this app's users. Default true.
   */
  sendContexts?: boolean;
  /**
   * Attributes sent with each sampled context (string values only, at most 256 characters). Default none: keys
   * only. The gateway keeps only those its RECENT_CONTEXT_ATTRIBUTES also names.
   */
  contextAttributes?: string[];
  /** How often queued events (and sampled contexts) are sent (default 10,000 ms). */
  flushIntervalMs?: number;
  /** Events per request (default 500, the server accepts up to 1,000). */
  maxBatchSize?: number;
  /** Events kept while the server cannot be reached; the oldest are dropped beyond this (default 10,000). */
  maxQueueSize?: number;
  /** Reconnect backoff bounds (default 500 ms doubling up to 30 s, with full jitter). */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /**
   * Where neither a WebSocket nor Server-Sent Events get through, how often the client downloads again (server
   * mode: the flag set; client mode: the values). Default 15,000 ms.
   */
  pollIntervalMs?: number;
  /** A WebSocket implementation where there is no global one (Node before 22 uses `ws`). */
  webSocketImpl?: unknown;
  /** `fetch` to use (default the global one). */
  fetch?: typeof fetch;
  logger?: Logger;
  /**
   * Local evaluation of flag sets, from `@switchyard/client/local-evaluation` (`localEvaluation`). The Node entry
   * includes it; the browser entry does not, so a browser client evaluates through the graph unless given it.
   */
  localEvaluation?: (flagSet: FlagSet, now?: () => number) => import('./config-state').ConfigState;
  /** Clock for schedule windows and event timestamps. */
  now?: () => number;
}
