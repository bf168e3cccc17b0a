'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useSubscription } from 'urql';
import { ConfigChangedSubscription } from './flags/flags-query';

export interface LiveChange {
  seq: number;
  kind: string;
  environment?: string | null;
  resourceType: string;
  resourceKey: string;
  at: string;
}

/** Listens to `configChanged` in one environment; renders nothing. */
export function ConfigChangeListener({
  environment,
  onChange,
}: {
  environment: string;
  onChange: (change: LiveChange) => void;
}) {
  const handler = useRef(onChange);
  handler.current = onChange;
  const [{ data }] = useSubscription({
    query: ConfigChangedSubscription,
    variables: { environment },
    pause: typeof window === 'undefined',
  });
  const lastSeq = useRef<number | null>(null);
  useEffect(() => {
    const change = data?.configChanged;
    if (!change || change.seq === lastSeq.current) return;
    lastSeq.current = change.seq;
    handler.current(change);
  }, [data]);
  return null;
}

/** Keys recently changed elsewhere, each highlighted for a few seconds. */
export function useHighlights(ms = 3000): [Set<string>, (key: string) => void] {
  const [keys, setKeys] = useState<Set<string>>(() => new Set());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const all = timers.current;
    return () => {
      for (const t of all.values()) clearTimeout(t);
    };
  }, []);
  const highlight = useCallback(
    (key: string) => {
      setKeys((prev) => new Set(prev).add(key));
      const existing = timers.current.get(key);
      if (existing) clearTimeout(existing);
      timers.current.set(
        key,
        setTimeout(() => {
          timers.current.delete(key);
          setKeys((prev) => {
            const next = new Set(prev);
            next.delete(key);
            return next;
          });
        }, ms),
      );
    },
    [ms],
  );
  return [keys, highlight];
}
