// The Switchyard client: serves flag values from what it knows (network, persisted cache, bootstrap, defaults, in
// that order of preference), keeps what it knows current over a subscription, and never throws into the app.

import {
  contextSizeProblem,
  type EvaluationContext,
  type EvaluationReason,
  type EvaluationResult,
  type FlagSet,
} from '@switchyard/core';
import { Backoff } from './backoff';
import { type ConfigState, EvaluatedState, type LocalEvaluation, stateFromSnapshot } from './config-state';
import { ContextSampler } from './context-sampler';
import {
  CONFIG_CHANGED_SUBSCRIPTION,
  type ConfigChangeData,
  EVALUATE_QUERY,
  EVALUATED_CONFIG_SUBSCRIPTION,
  FLAG_SET_QUERY,
  type FlagValueData,
  TRACK_EVENTS_MUTATION,
} from './documents';
import { EventQueue, PermanentSendError } from './event-queue';
import { type Transport, TransportError } from './transport';
import type {
  AnalyticsEvent,
  BooleanFlagKey,
  ChangeListener,
  ClientOptions,
  ClientStatus,
  ConfigCache,
  ConfigSnapshot,
  DefaultFor,
  EvaluatedFlag,
  FlagKey,
  Logger,
  ValueFor,
} from './types';

/** What differs between Node and browsers. */
export interface Platform {
  cache: ConfigCache | null;
  createTransport(options: ClientOptions): Transport;
  /** Local evaluation of flag sets (server mode); without it every client evaluates through the graph. */
  localEvaluation?: LocalEvaluation;
  /** Calls `flush` when the page is hidden or unloaded; returns the unregister function. */
  onPageHide?(flush: () => void): () => void;
  /**
   * Hands a batch to the browser to send after the page is gone (`navigator.sendBeacon`); false when it would
   * not take it, and the batch then goes as a keepalive request instead.
   */
  beacon?(options: ClientOptions, events: AnalyticsEvent[]): boolean;
}

export interface SwitchyardClient {
  readonly mode: 'server' | 'client';
  readonly status: ClientStatus;
  /** The version of the configuration served (the global change sequence in server mode). */
  readonly version: number;
  readonly context: EvaluationContext;
  /** Resolves once values came from the network, or the client gave up waiting (readyTimeoutMs). Never rejects. */
  ready(): Promise<void>;
  isEnabled<K extends BooleanFlagKey>(key: K, defaultValue?: boolean, context?: EvaluationContext): boolean;
  getValue<K extends FlagKey, D extends DefaultFor<K>>(
    key: K,
    defaultValue: D,
    context?: EvaluationContext,
  ): ValueFor<K, D>;
  /** The served variation's key, or null when none was served (unknown flag, error). */
  getVariation(key: FlagKey, context?: EvaluationContext): string | null;
  getDetails<K extends FlagKey, D extends DefaultFor<K>>(
    key: K,
    defaultValue?: D,
    context?: EvaluationContext,
  ): EvaluationResult<ValueFor<K, D>>;
  /** The experiment variant; `'control'` when the experiment is unknown or the context is not enrolled. */
  getVariant(experimentKey: string, context?: EvaluationContext): string;
  /** Every flag's value for `context` (default: the client's), without recording events. */
  allValues(context?: EvaluationContext): Record<string, EvaluatedFlag>;
  /** Values for one context, to bootstrap a browser client (no targeting rules leave the server). */
  snapshot(context?: EvaluationContext): ConfigSnapshot;
  /**
   * Switches the client to another context; resolves when its values are known (or the ready timeout). Rejects
   * with ContextTooLargeError, keeping the current context and sending nothing, when the server would refuse it.
   */
  identify(context: EvaluationContext): Promise<void>;
  /** Called after every change of values or status; returns the unsubscribe function. */
  onChange(listener: ChangeListener): () => void;
  track(
    eventName: string,
    value?: number | null,
    properties?: Record<string, unknown>,
    context?: EvaluationContext,
  ): void;
  /** Sends queued events now. */
  flush(): Promise<void>;
  /** Stops streaming and sends what is queued. */
  close(): Promise<void>;
  /** Evaluation without side effects (no events); for bindings that re-read values often. */
  peek<T>(key: string, defaultValue: T, context?: EvaluationContext): EvaluationResult<T>;
  /** Records that a value was used: evaluation count and, in an experiment, an exposure. */
  recordEvaluation(result: EvaluationResult<unknown>, context?: EvaluationContext): void;
}

const ANONYMOUS: EvaluationContext = Object.freeze({ key: '' });

/** A stream that lived this long was a working connection. */
const STABLE_STREAM_MS = 10_000;

/** Changes arriving this close together cause one download. */
const RESYNC_DEBOUNCE_MS = 15;

const consoleLogger: Logger = {
  warn: (message, detail) => console.warn(message, detail ?? ''),
};

function fromFlagValue(v: FlagValueData): EvaluatedFlag {
  const value =
    v.booleanValue !== undefined
      ? v.booleanValue
      : v.stringValue !== undefined
        ? v.stringValue
        : v.numberValue !== undefined
          ? v.numberValue
          : v.jsonValue;
  const reason: EvaluationReason = { kind: v.reason as EvaluationReason['kind'] };
  if (v.ruleId) reason.ruleId = v.ruleId;
  if (v.errorCode) reason.errorCode = v.errorCode as EvaluationReason['errorCode'];
  if (v.errorMessage) reason.errorMessage = v.errorMessage;
  if (v.prerequisiteKey) reason.prerequisiteKey = v.prerequisiteKey;
  if (v.experimentKey) {
    reason.experimentKey = v.experimentKey;
    reason.inExperiment = v.inExperiment === true;
  }
  return { value: value ?? null, variation: v.variation, reason };
}

/**
 * A context over the server's bounds (attribute length, total size, depth: sdk/core's contextSizeProblem, the
 * numbers the server checks): refused before it is sent, since the server would refuse every request carrying it.
 */
export class ContextTooLargeError extends Error {
  override readonly name = 'ContextTooLargeError';
  constructor(
    /** The refused field, e.g. `context.bio`. */
    readonly path: string,
    problem: string,
  ) {
    super(`switchyard: ${path} ${problem}`);
  }
}

function contextRefusal(context: EvaluationContext): ContextTooLargeError | null {
  const problem = contextSizeProblem(context);
  return problem ? new ContextTooLargeError(problem.path, problem.message) : null;
}

function sameContext(a: EvaluationContext | null | undefined, b: EvaluationContext): boolean {
  return a != null && JSON.stringify(a) === JSON.stringify(b);
}

class Client implements SwitchyardClient {
  readonly mode: 'server' | 'client';
  status: ClientStatus = 'initializing';
  context: EvaluationContext;
  private state: ConfigState | null = null;
  private readonly environment: string;
  private readonly listeners = new Set<ChangeListener>();
  private readonly transport: Transport | null;
  private readonly events: EventQueue | null;
  /** Evaluation counts are sent (as EVALUATION events); `sendUsage: false` keeps them. */
  private readonly countsEvaluations: boolean;
  /** Server mode: the contexts evaluated locally, sampled for the impact preview; null when not sent. */
  private readonly contexts: ContextSampler | null;
  /** The project of the flag set held (the key's), which sampled contexts name. */
  private project: string | undefined;
  private readonly backoff: Backoff;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly defaults: Record<string, unknown>;
  private readonly exposures = new Set<string>();
  /** Per user key, the variation each flag last served it: `track` stamps them so guards split by variation. */
  private readonly served = new Map<string, Map<string, string>>();
  private readonly readyPromise: Promise<void>;
  private resolveReady!: () => void;
  private fromNetwork = false;
  /** The ETag of the flag set last downloaded, and its version: sent back only while that set is held. */
  private etag: { value: string; version: number } | null = null;
  private closed = false;
  private unsubscribe: (() => void) | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pollIntervalMs: number;
  private readyTimer: ReturnType<typeof setTimeout> | null = null;
  private resyncTimer: ReturnType<typeof setTimeout> | null = null;
  private syncing: Promise<void> | null = null;
  private wantedVersion = 0;
  /** Bumped on identify and close: work started for an older generation is dropped. */
  private generation = 0;
  private evaluatedVersion = 0;
  private unregisterPageHide: (() => void) | null = null;
  private readonly localEvaluation: LocalEvaluation | undefined;
  private streamOpenedAt: number | null = null;
  /** The context given at creation was over the server's bounds: not connected until identify() gives another. */
  private contextRefused = false;

  constructor(
    private readonly options: ClientOptions,
    private readonly platform: Platform,
  ) {
    this.localEvaluation = options.localEvaluation ?? platform.localEvaluation;
    const wanted = options.mode ?? (options.sdkKey?.startsWith('sy_client_') ? 'client' : 'server');
    // Without the evaluation core (browser builds) a server key evaluates through the graph like a client key.
    this.mode = wanted === 'server' && !this.localEvaluation ? 'client' : wanted;
    this.environment = options.environment ?? 'production';
    this.context = options.context ?? ANONYMOUS;
    this.defaults = options.defaults ?? {};
    this.logger = options.logger ?? consoleLogger;
    this.now = options.now ?? Date.now;
    this.backoff = new Backoff(options.reconnect);
    this.pollIntervalMs = options.pollIntervalMs ?? 15_000;
    this.readyPromise = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
    this.state = this.initialState();
    this.transport = options.offline
      ? null
      : safely(() => platform.createTransport(options), null, this.logger);
    this.events =
      this.transport && options.sendEvents !== false
        ? new EventQueue({
            send: (batch, sendOptions) => this.sendEvents(batch, sendOptions.keepalive === true),
            flushIntervalMs: options.flushIntervalMs,
            maxBatchSize: options.maxBatchSize,
            maxQueueSize: options.maxQueueSize,
            now: this.now,
            logger: this.logger,
          })
        : null;
    this.countsEvaluations = this.events !== null && options.sendUsage !== false;
    const transport = this.transport;
    this.contexts =
      transport?.postUsage &&
      this.events &&
      this.mode === 'server' &&
      options.sendUsage !== false &&
      options.sendContexts !== false
        ? new ContextSampler({
            send: (body) => transport.postUsage!(body),
            environment: this.environment,
            project: () => this.project,
            attributes: options.contextAttributes,
            flushIntervalMs: options.flushIntervalMs,
            logger: this.logger,
          })
        : null;
    if (this.events) {
      this.events.countProperties = { environment: this.environment };
      const events = this.events;
      this.unregisterPageHide = platform.onPageHide?.(() => void events.flush({ keepalive: true })) ?? null;
    }
    if (!this.transport) {
      this.setStatus(this.state ? 'ready' : 'error');
      this.resolveReady();
      return;
    }
    const refused = contextRefusal(this.context);
    if (refused) {
      // Nothing is sent for a context the server would refuse: defaults (or bootstrap) until identify() gives one.
      this.logger.warn(`${refused.message}; serving defaults until identify() is given a smaller context`);
      this.contextRefused = true;
      this.setStatus('error');
      this.resolveReady();
      return;
    }
    this.readyTimer = setTimeout(() => this.giveUpWaiting(), options.readyTimeoutMs ?? 5000);
    unref(this.readyTimer);
    // Connecting starts after the constructor returns, so listeners registered right after creation see it all.
    const generation = this.generation;
    void Promise.resolve().then(() => this.connect(generation));
  }

  /** The freshest of bootstrap and persisted cache that fits this client's mode and context. */
  private initialState(): ConfigState | null {
    const candidates: ConfigSnapshot[] = [];
    if (this.options.bootstrap) candidates.push(this.options.bootstrap);
    const cache = this.options.cache === false ? null : (this.options.cache ?? this.platform.cache);
    const cached = cache ? safely(() => cache.load(), null, this.logger) : null;
    if (cached) candidates.push(cached);
    let best: ConfigState | null = null;
    for (const snapshot of candidates) {
      // Persisted values evaluated for someone else are not this user's values.
      if (snapshot.kind === 'evaluated' && snapshot !== this.options.bootstrap) {
        if (this.mode !== 'client' || !sameContext(snapshot.context, this.context)) continue;
      }
      const state = stateFromSnapshot(snapshot, this.now, this.localEvaluation);
      if (!state) continue;
      if (snapshot.kind === 'flagSet' && typeof snapshot.flagSet?.project === 'string')
        this.project ??= snapshot.flagSet.project;
      // Bootstrap comes first and wins, except over a newer persisted flag set (versions of evaluated values are
      // local counters, not comparable).
      if (!best || (state.kind === 'flagSet' && best.kind === 'flagSet' && state.version > best.version))
        best = state;
    }
    return best;
  }

  get version(): number {
    return this.state?.version ?? 0;
  }

  ready(): Promise<void> {
    return this.readyPromise;
  }

  private giveUpWaiting(): void {
    this.readyTimer = null;
    if (this.fromNetwork || this.closed) return;
    // Serving cache or bootstrap is stale; serving nothing but defaults is an error state.
    this.setStatus(this.state ? 'stale' : 'error');
    this.resolveReady();
  }

  // ---- network ----

  private async connect(generation: number): Promise<void> {
    if (this.closed || generation !== this.generation || !this.transport) return;
    try {
      if (this.mode === 'server') await this.syncFlagSet(generation);
      else await this.syncEvaluated(generation);
      if (generation !== this.generation) return;
      this.openStream(generation);
    } catch (error) {
      this.onConnectionLost(generation, error);
    }
  }

  private openStream(generation: number): void {
    const transport = this.transport!;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (transport.channel === 'polling') {
      // No stream gets through (WebSockets and SSE refused on the way): download again on a timer instead.
      if (this.pollTimer !== null) clearTimeout(this.pollTimer);
      this.pollTimer = setTimeout(() => {
        this.pollTimer = null;
        void this.connect(generation);
      }, this.pollIntervalMs);
      this.setStatus('ready');
      return;
    }
    const lost = (error?: unknown) => this.onConnectionLost(generation, error ?? new Error('stream ended'));
    if (this.mode === 'server') {
      this.unsubscribe = transport.subscribe<{ configChanged: ConfigChangeData }>(
        CONFIG_CHANGED_SUBSCRIPTION,
        { environment: this.environment, sinceVersion: this.version },
        {
          next: (data) => this.onConfigChanged(generation, data.configChanged),
          error: lost,
          complete: lost,
        },
      );
    } else {
      const context = this.context;
      this.unsubscribe = transport.subscribe<{ evaluatedConfig: FlagValueData[] }>(
        EVALUATED_CONFIG_SUBSCRIPTION,
        { environment: this.environment, context },
        {
          next: (data) => {
            if (generation === this.generation) this.applyEvaluated(data.evaluatedConfig, context);
          },
          error: lost,
          complete: lost,
        },
      );
    }
    this.streamOpenedAt = Date.now();
    this.setStatus('ready');
  }

  private onConnectionLost(generation: number, error: unknown): void {
    if (this.closed || generation !== this.generation) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (error instanceof TransportError && error.fatal) {
      // A refused key stays refused: keep serving what we know, and say so once.
      this.logger.warn(
        `switchyard: the gateway refused the SDK key (${error.message}); serving the last known values`,
      );
      this.setStatus('error');
      this.resolveReady();
      return;
    }
    this.logger.debug?.('switchyard: connection lost', error);
    // Only a stream that held for a while resets the backoff: one failing at once (no WebSocket, a proxy cutting
    // it) must not turn into a tight refetch loop.
    if (this.streamOpenedAt !== null && Date.now() - this.streamOpenedAt > STABLE_STREAM_MS)
      this.backoff.reset();
    this.streamOpenedAt = null;
    if (this.fromNetwork || this.state) this.setStatus('stale');
    if (this.reconnectTimer !== null) return;
    const delay = this.backoff.next();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect(generation);
    }, delay);
  }

  private onConfigChanged(generation: number, change: ConfigChangeData): void {
    if (generation !== this.generation || !change) return;
    // Replayed changes we already hold are skipped; the rest trigger one download of the flag set.
    if (typeof change.seq === 'number' && change.seq <= this.version) return;
    this.wantedVersion = Math.max(this.wantedVersion, change.seq ?? 0);
    if (this.resyncTimer !== null) return;
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = null;
      this.syncFlagSet(generation).catch((error) => this.onConnectionLost(generation, error));
    }, RESYNC_DEBOUNCE_MS);
  }

  /** Downloads the flag set, again if it is older than a change already announced (a lagging replica). */
  private syncFlagSet(generation: number): Promise<void> {
    if (this.syncing) return this.syncing.then(() => this.syncFlagSet(generation));
    this.syncing = (async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const flagSet = await this.downloadFlagSet();
        if (generation !== this.generation) return;
        // A 304: the set held is current, as a fresh download would say.
        if (flagSet === null) {
          if (this.state) this.apply(this.state);
        } else this.applyFlagSet(flagSet);
        if (this.version >= this.wantedVersion) return;
        await sleep(50 * (attempt + 1));
      }
    })().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async syncEvaluated(generation: number): Promise<void> {
    const context = this.context;
    const data = await this.transport!.query<{ evaluate: FlagValueData[] }>(EVALUATE_QUERY, {
      environment: this.environment,
      context,
    });
    if (generation === this.generation) this.applyEvaluated(data.evaluate, context);
  }

  /**
   * The flag set, or null when the gateway says (304) that the one held is still current: a GET
   * with If-None-Match where the transport can, so every poll and every change costs the gateway a
   * 304 instead of the whole set when nothing this client holds has changed.
   */
  private async downloadFlagSet(): Promise<FlagSet | null> {
    const transport = this.transport!;
    const variables = { environment: this.environment };
    const full = async () => (await transport.query<{ flagSet: FlagSet }>(FLAG_SET_QUERY, variables)).flagSet;
    if (!transport.queryIfChanged) return full();
    const held = this.state?.kind === 'flagSet' && this.etag?.version === this.state.version;
    const answer = await transport.queryIfChanged<{ flagSet: FlagSet }>(
      FLAG_SET_QUERY,
      variables,
      held ? this.etag!.value : null,
    );
    // A 304 to a request that named no ETag (a proxy's doing): ask in full.
    if (answer === null) return held ? null : full();
    const flagSet = answer.data.flagSet;
    if (answer.etag && flagSet && typeof flagSet.version === 'number')
      this.etag = { value: answer.etag, version: flagSet.version };
    return flagSet;
  }

  private applyFlagSet(flagSet: FlagSet): void {
    if (!flagSet || !Array.isArray(flagSet.flags)) return;
    // An older flag set (a replica behind) never replaces a newer one.
    if (this.state?.kind === 'flagSet' && flagSet.version < this.state.version) return;
    const build = this.localEvaluation;
    if (!build) return;
    const state = safely(() => build(flagSet, this.now), null, this.logger);
    if (!state) return;
    if (typeof flagSet.project === 'string') this.project = flagSet.project;
    this.apply(state);
  }

  private applyEvaluated(values: FlagValueData[], context: EvaluationContext): void {
    if (!Array.isArray(values)) return;
    const map: Record<string, EvaluatedFlag> = {};
    for (const v of values) if (v && typeof v.key === 'string') map[v.key] = fromFlagValue(v);
    this.apply(new EvaluatedState(map, ++this.evaluatedVersion, context));
  }

  private apply(state: ConfigState): void {
    const previous = this.state;
    this.state = state;
    const changed = state.changedSince(previous);
    const first = !this.fromNetwork;
    this.fromNetwork = true;
    const cache = this.options.cache === false ? null : (this.options.cache ?? this.platform.cache);
    if (cache) safely(() => cache.save({ ...state.snapshot(), savedAt: this.now() }), undefined, this.logger);
    // Fresh values from the network: current again (the change event carries the new status).
    const statusChanged = this.status !== 'ready';
    this.status = 'ready';
    if (first) {
      if (this.readyTimer !== null) clearTimeout(this.readyTimer);
      this.readyTimer = null;
      this.resolveReady();
    }
    if (changed.length > 0 || first || statusChanged) this.emit(changed);
  }

  private setStatus(status: ClientStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit([]);
  }

  private emit(changed: string[]): void {
    const event = { changed, version: this.version, status: this.status };
    for (const listener of [...this.listeners]) safely(() => listener(event), undefined, this.logger);
  }

  // ---- evaluation ----

  peek<T>(key: string, defaultValue: T, context?: EvaluationContext): EvaluationResult<T> {
    const fallback = (defaultValue === undefined ? this.defaults[key] : defaultValue) as T;
    const ctx = context ?? this.context;
    if (this.state === null) {
      const reason = { kind: 'ERROR', errorCode: 'PROVIDER_NOT_READY', errorMessage: 'no configuration yet' };
      return { key, value: fallback, variation: null, reason: reason as EvaluationReason };
    }
    try {
      return this.state.evaluate(key, ctx, fallback);
    } catch (error) {
      const reason: EvaluationReason = { kind: 'ERROR', errorCode: 'GENERAL', errorMessage: String(error) };
      return { key, value: fallback, variation: null, reason };
    }
  }

  recordEvaluation(result: EvaluationResult<unknown>, context?: EvaluationContext): void {
    if (!this.events || result.variation === null) return;
    const ctx = context ?? this.context;
    try {
      const userKey =
        ctx.key || (this.mode === 'server' && context === undefined ? '(server)' : '(anonymous)');
      if (this.countsEvaluations) this.events.countEvaluation(userKey, result.key, result.variation);
      this.contexts?.record(ctx);
      this.remember(userKey, result.key, result.variation);
      if (result.reason.inExperiment && result.reason.experimentKey && ctx.key)
        this.expose(ctx.key, result.reason.experimentKey, result.variation);
    } catch (error) {
      this.logger.debug?.('switchyard: recording an evaluation failed', error);
    }
  }

  private remember(userKey: string, flagKey: string, variation: string): void {
    let flags = this.served.get(userKey);
    if (!flags) {
      // Bounded like exposures: a server tracking for millions of users forgets old ones.
      if (this.served.size >= 50_000) this.served.clear();
      flags = new Map();
      this.served.set(userKey, flags);
    }
    flags.set(flagKey, variation);
  }

  private expose(userKey: string, experimentKey: string, variant: string): void {
    const id = `${userKey}\u0000${experimentKey}\u0000${variant}`;
    if (this.exposures.has(id)) return;
    // Bounded: a server evaluating for millions of users forgets old ones (the server dedupes by user anyway).
    if (this.exposures.size >= 50_000) this.exposures.clear();
    this.exposures.add(id);
    this.events?.enqueue({ type: 'EXPOSURE', userKey, experimentKey, variant });
  }

  getDetails<K extends FlagKey, D extends DefaultFor<K>>(
    key: K,
    defaultValue?: D,
    context?: EvaluationContext,
  ): EvaluationResult<ValueFor<K, D>> {
    const result = this.peek(key, defaultValue as unknown, context);
    this.recordEvaluation(result, context);
    return result as EvaluationResult<ValueFor<K, D>>;
  }

  getValue<K extends FlagKey, D extends DefaultFor<K>>(key: K, defaultValue: D, context?: EvaluationContext) {
    return this.getDetails(key, defaultValue, context).value;
  }

  isEnabled<K extends BooleanFlagKey>(key: K, defaultValue = false, context?: EvaluationContext): boolean {
    return this.getDetails(key as FlagKey, defaultValue as never, context).value === true;
  }

  getVariation(key: FlagKey, context?: EvaluationContext): string | null {
    return this.getDetails(key, undefined, context).variation;
  }

  getVariant(experimentKey: string, context?: EvaluationContext): string {
    const ctx = context ?? this.context;
    let variant: string | null = null;
    try {
      variant = this.state?.experimentVariant(experimentKey, ctx) ?? null;
    } catch (error) {
      this.logger.debug?.('switchyard: getVariant failed', error);
    }
    if (variant === null) return 'control';
    if (ctx.key && this.events) this.expose(ctx.key, experimentKey, variant);
    return variant;
  }

  allValues(context?: EvaluationContext): Record<string, EvaluatedFlag> {
    try {
      return this.state?.evaluateAll(context ?? this.context) ?? {};
    } catch {
      return {};
    }
  }

  snapshot(context?: EvaluationContext): ConfigSnapshot {
    const ctx = context ?? this.context;
    return { kind: 'evaluated', version: this.version, context: ctx, values: this.allValues(ctx) };
  }

  async identify(context: EvaluationContext): Promise<void> {
    const refused = contextRefusal(context);
    if (refused) throw refused;
    if (this.closed || sameContext(this.context, context)) return;
    const before = this.mode === 'server' ? this.allValues() : {};
    this.context = context;
    if (this.contextRefused) {
      // The first acceptable context: connect now, as creation would have.
      this.contextRefused = false;
      this.setStatus('initializing');
    } else if (this.mode === 'server') {
      // Local evaluation: the new context's values are known at once.
      const after = this.allValues();
      const changed = Object.keys(after).filter(
        (key) =>
          JSON.stringify(before[key]?.value) !== JSON.stringify(after[key]?.value) ||
          before[key]?.variation !== after[key]?.variation,
      );
      if (changed.length > 0) this.emit(changed);
      return;
    }
    this.generation++;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.backoff.reset();
    const generation = this.generation;
    const arrived = new Promise<void>((resolve) => {
      const off = this.onChange(() => {
        if (
          (this.mode === 'server'
            ? this.status !== 'initializing'
            : sameContext((this.state as EvaluatedState | null)?.context, context)) ||
          generation !== this.generation
        ) {
          off();
          resolve();
        }
      });
      const timer = setTimeout(() => {
        off();
        resolve();
      }, this.options.readyTimeoutMs ?? 5000);
      unref(timer);
    });
    void this.connect(generation);
    return arrived;
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  track(
    eventName: string,
    value?: number | null,
    properties?: Record<string, unknown>,
    context?: EvaluationContext,
  ): void {
    const userKey = (context ?? this.context).key;
    if (!this.events || typeof eventName !== 'string' || !eventName) return;
    if (!userKey) {
      this.logger.warn(`switchyard: track("${eventName}") needs a context with a key; event dropped`);
      return;
    }
    // Release guards measure a metric per variation and environment (analytics' flagVariationMetric):
    // the event names the variations this user was served and the environment; the caller's own wins.
    const served = this.served.get(userKey);
    const own = properties?.flags;
    const flags = {
      ...(served ? Object.fromEntries(served) : {}),
      ...(own && typeof own === 'object' && !Array.isArray(own) ? own : {}),
    };
    this.events.enqueue({
      type: 'CONVERSION',
      userKey,
      eventName,
      value: typeof value === 'number' && Number.isFinite(value) ? value : null,
      properties: {
        environment: this.environment,
        ...properties,
        ...(Object.keys(flags).length > 0 ? { flags } : {}),
      },
    });
  }

  private async sendEvents(batch: AnalyticsEvent[], keepalive: boolean): Promise<void> {
    if (keepalive && safely(() => this.platform.beacon?.(this.options, batch) === true, false, this.logger))
      return;
    try {
      await this.transport!.mutate(TRACK_EVENTS_MUTATION, { events: batch }, { keepalive });
    } catch (error) {
      // Refused keys and invalid batches will not get better by retrying.
      const code = error instanceof TransportError ? error.code : undefined;
      if (
        error instanceof TransportError &&
        (error.fatal || code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED')
      )
        throw new PermanentSendError(error.message);
      throw error;
    }
  }

  async flush(): Promise<void> {
    await Promise.all([this.events?.flush(), this.contexts?.flush()]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.generation++;
    for (const timer of [this.reconnectTimer, this.readyTimer, this.resyncTimer, this.pollTimer])
      if (timer !== null) clearTimeout(timer);
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unregisterPageHide?.();
    this.resolveReady();
    try {
      await Promise.all([this.events?.close(), this.contexts?.close()]);
    } catch {
      // events are best effort
    }
    this.transport?.close();
    this.listeners.clear();
  }
}

function safely<T>(fn: () => T, fallback: T, logger: Logger): T {
  try {
    return fn();
  } catch (error) {
    logger.warn('switchyard: unexpected error (ignored)', error);
    return fallback;
  }
}

function unref(timer: unknown): void {
  (timer as { unref?: () => void } | null)?.unref?.();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Creates a client on the given platform. Never throws: bad options give a client serving defaults. */
export function createClientOn(options: ClientOptions, platform: Platform): SwitchyardClient {
  return new Client(options ?? ({} as ClientOptions), platform);
}
