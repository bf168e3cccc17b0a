import { readFileSync, watch } from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@switchyard/server-kit';

/**
 * The composed supergraph from disk. In development the file is watched, so
 * `npm run compose` takes effect without restarting the gateway.
 */
export function supergraphFromFile(
  file: string,
  opts: { watch: boolean; logger: Logger },
): SupergraphSdlHook {
  return async ({ update }) => {
    let current = readFileSync(file, 'utf8');
    let timer: NodeJS.Timeout | null = null;
    const watcher = opts.watch
      ? watch(file, () => {
          // Editors write in several steps: wait for the file to settle.
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => {
            try {
              const next = readFileSync(file, 'utf8');
              if (next && next !== current) {
                current = next;
                update(next);
                opts.logger.info({ file }, 'supergraph reloaded');
              }
            } catch (err) {
              opts.logger.warn(
                { err: (err as Error).message },
                'supergraph reload failed; keeping the previous one',
              );
            }
          }, 200);
        })
      : null;
    return {
      supergraphSdl: current,
      cleanup: async () => {
        watcher?.close();
        if (timer) clearTimeout(timer);
      },
    };
  };
}
