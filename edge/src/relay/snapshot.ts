import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FlagSet } from '@switchyard/core';
import { DEFAULT_PROJECT } from '@switchyard/server-kit';
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
  /** The project whose flags the key reads (absent from snapshots before projects: the one project served). */
  project?: string;
}

/** One project's flag set in the relay's environment, and its recent changes to replay to a chained edge. */
export interface ProjectSnapshot {
  project: string;
  flagSet: FlagSet;
  changes: RelayedChange[];
}

/**
 * What the relay writes after every change and reads at start: enough to serve with no network
 * (each project's flag set and recent changes, the keys it may accept). Format 1 (before projects)
 * held one flag set, read as the one project's it names (`default` when it names none).
 */
export interface RelaySnapshot {
  format: 2;
  environment: string;
  savedAt: string;
  projects: ProjectSnapshot[];
  keys: KnownKey[];
}

interface SnapshotFormat1 {
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
  const read = JSON.parse(text) as RelaySnapshot | SnapshotFormat1;
  if (read.format === 1 && read.flagSet) {
    const project = read.flagSet.project ?? DEFAULT_PROJECT;
    return checked(file, environment, {
      format: 2,
      environment: read.environment,
      savedAt: read.savedAt,
      projects: [{ project, flagSet: read.flagSet, changes: read.changes ?? [] }],
      keys: read.keys.map((k) => ({ ...k, project })),
    });
  }
  if (read.format !== 2 || !Array.isArray(read.projects))
    throw new Error(`${file} is not a snapshot this relay can read (format ${String(read.format)})`);
  return checked(file, environment, read);
}

function checked(file: string, environment: string, snapshot: RelaySnapshot): RelaySnapshot {
  if (snapshot.environment !== environment)
    throw new Error(`${file} holds environment "${snapshot.environment}", not "${environment}"`);
  return snapshot;
}

/** Written durably (see writeDurably): a crash leaves the old snapshot or the new one. */
export async function writeSnapshot(file: string, snapshot: RelaySnapshot): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeDurably(file, JSON.stringify(snapshot));
}
