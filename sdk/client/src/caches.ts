// Caches without Node dependencies: localStorage for browsers, memory for tests and short-lived processes.

import { shortHash } from './backoff';
import type { ConfigCache, ConfigSnapshot } from './types';

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Browser: the last known config in localStorage. */
export class LocalStorageConfigCache implements ConfigCache {
  constructor(readonly key: string) {}

  static forClient(url: string, sdkKey: string, environment: string): LocalStorageConfigCache {
    return new LocalStorageConfigCache(`switchyard:${shortHash(`${url}|${sdkKey}|${environment}`)}`);
  }

  private get storage(): StorageLike | null {
    try {
      return (globalThis as { localStorage?: StorageLike }).localStorage ?? null;
    } catch {
      // Access throws in some sandboxed iframes.
      return null;
    }
  }

  load(): ConfigSnapshot | null {
    try {
      const text = this.storage?.getItem(this.key);
      return text ? (JSON.parse(text) as ConfigSnapshot) : null;
    } catch {
      return null;
    }
  }

  save(snapshot: ConfigSnapshot): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(snapshot));
    } catch {
      // Quota exceeded or storage disabled.
    }
  }
}

export class MemoryConfigCache implements ConfigCache {
  snapshot: ConfigSnapshot | null = null;
  load(): ConfigSnapshot | null {
    return this.snapshot;
  }
  save(snapshot: ConfigSnapshot): void {
    this.snapshot = snapshot;
  }
}
