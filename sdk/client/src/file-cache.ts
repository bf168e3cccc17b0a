// Node: the last known config in a file, written atomically (temp file + rename) so a crash never leaves half a
// file, and read synchronously at start so the first evaluation already has it.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shortHash } from './backoff';
import type { ConfigCache, ConfigSnapshot } from './types';

export class FileConfigCache implements ConfigCache {
  constructor(readonly file: string) {}

  /** The default file for a gateway, key and environment, under the OS temp directory. */
  static forClient(url: string, sdkKey: string, environment: string): FileConfigCache {
    const name = `config-${shortHash(`${url}|${sdkKey}|${environment}`)}.json`;
    return new FileConfigCache(path.join(os.tmpdir(), 'switchyard', name));
  }

  load(): ConfigSnapshot | null {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as ConfigSnapshot;
      return parsed && typeof parsed === 'object' && 'kind' in parsed ? parsed : null;
    } catch {
      return null;
    }
  }

  save(snapshot: ConfigSnapshot): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(snapshot));
      renameSync(temp, this.file);
    } catch {
      // A read-only disk costs the cache, nothing else.
    }
  }
}
