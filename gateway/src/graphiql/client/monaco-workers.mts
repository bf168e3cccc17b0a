// Browser module. Imported before graphiql by main.mts so Monaco finds its environment before it
// starts any worker. The default setups shipped with @graphiql/react rely on Vite/webpack worker
// syntax or fetch workers from esm.sh; ours loads the worker scripts the gateway bundled next to
// this file, so GraphiQL works with no internet.

// The gateway's tsconfig is a Node one (no DOM lib), so declare just the browser API used here.
interface BrowserWorker {
  terminate(): void;
}
declare const Worker: new (url: string, options?: { name?: string }) => BrowserWorker;
declare const document: {
  getElementById(id: string): { dataset: Record<string, string | undefined> } | null;
};

const assetsBase = document.getElementById('graphiql')?.dataset.assets ?? '/graphiql/assets';

/** Monaco asks for a worker per language label; anything without its own worker gets the generic one. */
function workerScript(label: string): string {
  switch (label) {
    case 'graphql':
      return 'graphql.worker.js';
    case 'json':
      return 'json.worker.js';
    default:
      return 'editor.worker.js';
  }
}

(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): BrowserWorker {
    return new Worker(`${assetsBase}/${workerScript(label)}`, { name: `monaco-${label}` });
  },
};
