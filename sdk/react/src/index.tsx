'use client';
// React bindings: one client per provider, hooks that subscribe to single flags through useSyncExternalStore so a
// change re-renders only the components whose value changed. With Next.js, evaluate on the server
// (`client.snapshot(context)`), pass the snapshot as `bootstrap`: the first paint has the values, updates stream in.

import {
  type BooleanFlagKey,
  type ClientOptions,
  createClient,
  type DefaultFor,
  type EvaluatedFlag,
  type EvaluationResult,
  type FlagKey,
  type SwitchyardClient,
  type ValueFor,
} from '@switchyard/client';
import { createContext, type ReactNode, useContext, useEffect, useRef, useSyncExternalStore } from 'react';

const SwitchyardContext = createContext<SwitchyardClient | null>(null);

export type SwitchyardProviderProps =
  | ({ client: SwitchyardClient; children?: ReactNode } & Partial<Record<keyof ClientOptions, undefined>>)
  | (ClientOptions & { client?: undefined; children?: ReactNode });

/** Read at render time: the same module renders on the server (no window) and hydrates in the browser. */
const onServer = () => typeof window === 'undefined';

/**
 * Provides a client to the hooks: pass one (`client`) or the options to create one. While rendering on the server
 * the created client makes no network calls and serves `bootstrap`.
 */
export function SwitchyardProvider(props: SwitchyardProviderProps) {
  const { children, client: given, ...options } = props;
  // A ref, not a state initializer: StrictMode calls initializers twice and would leave a second client connected.
  const ownedRef = useRef<SwitchyardClient | null>(null);
  if (!given && ownedRef.current === null)
    ownedRef.current = createClient({
      ...(options as ClientOptions),
      offline: onServer() || options.offline,
    });
  const owned = given ? null : ownedRef.current;
  const client = given ?? owned!;
  // Closing waits a tick: React's StrictMode unmounts and remounts every effect once in development, and the
  // remount must find its client still open.
  const closing = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (!owned) return;
    if (closing.current !== null) clearTimeout(closing.current);
    closing.current = null;
    return () => {
      closing.current = setTimeout(() => void owned.close(), 0);
    };
  }, [owned]);
  // A new context from the app (sign-in) re-identifies.
  const contextJson = JSON.stringify((options as ClientOptions).context ?? null);
  const firstContext = useRef(contextJson);
  useEffect(() => {
    if (contextJson === firstContext.current) return;
    firstContext.current = contextJson;
    const context = JSON.parse(contextJson);
    if (context) void client.identify(context);
  }, [client, contextJson]);
  return <SwitchyardContext.Provider value={client}>{children}</SwitchyardContext.Provider>;
}

export function useSwitchyardClient(): SwitchyardClient {
  const client = useContext(SwitchyardContext);
  if (!client) throw new Error('useSwitchyard hooks need a <SwitchyardProvider> above them');
  return client;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Subscribes to one derived value. The snapshot keeps its identity while the value is deep-equal, so
 * useSyncExternalStore re-renders the component only when its own value changed.
 */
function useClientValue<T>(client: SwitchyardClient, read: () => T): T {
  const last = useRef<{ value: T } | null>(null);
  const readRef = useRef(read);
  readRef.current = read;
  const getSnapshot = () => {
    const next = readRef.current();
    if (last.current && deepEqual(last.current.value, next)) return last.current.value;
    last.current = { value: next };
    return next;
  };
  return useSyncExternalStore((onStoreChange) => client.onChange(onStoreChange), getSnapshot, getSnapshot);
}

/** Records one evaluation per value the component shows (not per render). */
function useRecorded(client: SwitchyardClient, result: EvaluationResult<unknown>): void {
  const recorded = `${result.key}\u0000${result.variation}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per served variation, not per result object
  useEffect(() => {
    client.recordEvaluation(result);
  }, [client, recorded]);
}

export function useFlagDetails<K extends FlagKey, D extends DefaultFor<K>>(
  key: K,
  defaultValue: D,
): EvaluationResult<ValueFor<K, D>> {
  const client = useSwitchyardClient();
  const result = useClientValue(client, () => client.peek(key, defaultValue as unknown)) as EvaluationResult<
    ValueFor<K, D>
  >;
  useRecorded(client, result);
  return result;
}

export function useFlagValue<K extends FlagKey, D extends DefaultFor<K>>(
  key: K,
  defaultValue: D,
): ValueFor<K, D> {
  const client = useSwitchyardClient();
  const result = useClientValue(client, () => {
    const r = client.peek(key, defaultValue as unknown);
    return { key: r.key, value: r.value, variation: r.variation, reason: r.reason };
  });
  useRecorded(client, result);
  return result.value as ValueFor<K, D>;
}

/** Whether a boolean flag is on. */
export function useFlag<K extends BooleanFlagKey>(key: K, defaultValue = false): boolean {
  return useFlagValue(key as FlagKey, defaultValue as never) === true;
}

/** The experiment variant (`'control'` when unknown or not enrolled); records the exposure once. */
export function useVariant(experimentKey: string): string {
  const client = useSwitchyardClient();
  const variant = useClientValue(client, () => {
    // Reading through getVariant would record an exposure per render; evaluate without side effects instead.
    const values = client.allValues();
    for (const v of Object.values(values))
      if (v.reason.inExperiment && v.reason.experimentKey === experimentKey && v.variation)
        return v.variation;
    return 'control';
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new variant is a new exposure
  useEffect(() => {
    client.getVariant(experimentKey);
  }, [client, experimentKey, variant]);
  return variant;
}

/** Every flag's value for the provider's context (re-renders on any change). */
export function useFlags(): Record<string, EvaluatedFlag> {
  const client = useSwitchyardClient();
  return useClientValue(client, () => client.allValues());
}

/** The client's status: initializing, ready, stale or error. */
export function useSwitchyardStatus(): SwitchyardClient['status'] {
  const client = useSwitchyardClient();
  return useClientValue(client, () => client.status);
}
