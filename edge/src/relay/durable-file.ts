import fs from 'node:fs/promises';

/**
 * Writes `text` to a temporary file beside `file`, flushes it to disk, then renames it into place: a
 * crash leaves the old file or the new one, never half of one. Resolves once the data is durable.
 */
export async function writeDurably(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
}
