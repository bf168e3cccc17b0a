import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FlagSet } from '@switchyard/core';
import { writeDurably } from './durable-file';

/** A change as the relay passes it on: the leaf fields of `ConfigChange` (what SDKs select). */
export interface RelayedChange {
  seq: number;
  environment: string | null;
  kind: string;
  resourceType: string;
  resourceKey: string;
  at: string;
}

/** A caller's key the relay checked upstream: only its hash is kept, never the secret. */
export interface KnownKey {
  hash: string;
  kind: 'server' | 'client';
}

/**
 * What the relay writes after every change and reads at start: enough to serve with no network
 * (the flag set, the keys it may accept, the recent changes to replay to a chained edge).
 */
export interface RelaySnapshot {
  format: 1;
  environment: string;
  savedAt: string;
  flagSet: FlagSet;
  changes: RelayedChange[];
  keys: KnownKey[];
}

export const keyHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function snapshotPath(dataDir: string): string {
  return path.join(dataDir, 'snapshot.json');
}

export async function readSnapshot(file: string, environment: string): Promise<RelaySnapshot | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const snapshot = JSON.parse(text) as RelaySnapshot;
  if (snapshot.format !== 1 || !snapshot.flagSet)
    throw new Error(`${file} is not a snapshot this relay can read (format ${String(snapshot.format)})`);
  if (snapshot.environment !== environment)
    throw new Error(`${file} holds environment "${snapshot.environment}", not "${environment}"`);
  return snapshot;
}

/** Written durably (see writeDurably): a crash leaves the old snapshot or the new one. */
export async function writeSnapshot(file: string, snapshot: RelaySnapshot): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeDurably(file, JSON.stringify(snapshot));
}
