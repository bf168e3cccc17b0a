/** Context keys pasted into a segment: parsed, deduplicated and cut into requests the gateway accepts. */

/** The gateway refuses bodies over 1 MB (MAX_BODY_BYTES); a batch stays well below, with room for the query. */
export const BATCH_BYTES = 256 * 1024;

export interface ParsedKeys {
  /** Unique keys, in first-seen order. */
  keys: string[];
  /** How many repeats were dropped. */
  duplicates: number;
  /** Keys the graph would refuse (longer than 256 characters). */
  tooLong: string[];
}

/** Newline- or comma-separated keys; blanks dropped, surrounding space trimmed, repeats dropped. */
export function parseKeys(text: string): ParsedKeys {
  const seen = new Set<string>();
  let duplicates = 0;
  const tooLong: string[] = [];
  for (const raw of text.split(/[,\r\n]/)) {
    const key = raw.trim();
    if (!key) continue;
    if (seen.has(key)) duplicates++;
    else if (key.length > 256) tooLong.push(key);
    else seen.add(key);
  }
  return { keys: [...seen], duplicates, tooLong };
}

/** Consecutive batches whose JSON encoding stays under `maxBytes` each. */
export function keyBatches(keys: string[], maxBytes = BATCH_BYTES): string[][] {
  const encoder = new TextEncoder();
  const batches: string[][] = [];
  let batch: string[] = [];
  let bytes = 2;
  for (const key of keys) {
    // The key as a JSON string (UTF-8) and its comma.
    const size = encoder.encode(JSON.stringify(key)).length + 1;
    if (batch.length > 0 && bytes + size > maxBytes) {
      batches.push(batch);
      batch = [];
      bytes = 2;
    }
    batch.push(key);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

export function describeKeys({ keys, duplicates, tooLong }: ParsedKeys): string {
  const parts = [`${keys.length.toLocaleString('en')} unique ${keys.length === 1 ? 'key' : 'keys'}`];
  if (duplicates > 0) parts.push(`${duplicates.toLocaleString('en')} repeated dropped`);
  if (tooLong.length > 0) parts.push(`${tooLong.length.toLocaleString('en')} longer than 256 characters`);
  return parts.join(', ');
}
