import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { freePort, repoRoot, stackPortVariables } from '@switchyard/infra';

/** A process of one `npm start` run, found by the marker variable every descendant inherits. */
export interface StackProcess {
  pid: number;
  pgid: number;
  command: string;
}

/** Every live process whose environment carries `SWITCHYARD_RUN_MARK=<mark>` (zombies aside). */
export function stackProcesses(mark: string): StackProcess[] {
  const found: StackProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (!environ.split('\0').includes(`SWITCHYARD_RUN_MARK=${mark}`)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ').trim();
      found.push({ pid: Number(entry), pgid: Number(fields[2]), command });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

export interface TerminalRun {
  mark: string;
  ports: Record<string, number>;
  output(): string;
  /** Types into the terminal (e.g. "\x03" for Ctrl-C). */
  type(text: string): void;
  /** The `script` process holding the terminal; killing it closes the terminal. */
  terminal: ChildProcess;
  waitFor(text: string | RegExp, timeoutMs: number): Promise<void>;
  find(pattern: RegExp): StackProcess;
}

/**
 * `npm start` (or `command`) in a pseudo-terminal made by util-linux `script`, as a person runs it:
 * the terminal's foreground process group gets Ctrl-C, closing it sends SIGHUP.
 */
export async function startInTerminal(opts: {
  dataDir: string;
  admin: boolean;
  command?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<TerminalRun> {
  const mark = randomUUID();
  const ports: Record<string, number> = {};
  for (const name of stackPortVariables) ports[name] = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    SWITCHYARD_DATA_DIR: opts.dataDir,
    START_ADMIN: String(opts.admin),
    SWITCHYARD_RUN_MARK: mark,
    SHELL: '/bin/sh',
    ...opts.env,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.NODE_OPTIONS;
  const terminal = spawn('script', ['-qfec', opts.command ?? 'npm start', '/dev/null'], {
    cwd: repoRoot,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  terminal.stdout!.on('data', (d) => (output += d));
  terminal.stderr!.on('data', (d) => (output += d));
  terminal.stdin!.on('error', () => {});
  const run: TerminalRun = {
    mark,
    ports,
    terminal,
    output: () => output,
    type: (text) => terminal.stdin!.write(text),
    async waitFor(text, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const seen = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
      while (!seen()) {
        if (Date.now() > deadline) {
          throw new Error(`no "${String(text)}" within ${timeoutMs} ms:\n${output.slice(-3000)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    find(pattern) {
      const match = stackProcesses(mark).find((p) => pattern.test(p.command));
      if (!match) throw new Error(`no process matching ${pattern}:\n${output.slice(-2000)}`);
      return match;
    },
  };
  return run;
}

/**
 * Watches a run's processes until none is left (or `timeoutMs`), noting when each was last seen,
 * so a test can tell whether PostgreSQL outlived the services that use it.
 */
export async function watchUntilGone(
  mark: string,
  timeoutMs: number,
): Promise<{ remaining: StackProcess[]; lastSeen: Map<string, number> }> {
  const lastSeen = new Map<string, number>();
  const started = Date.now();
  for (;;) {
    const live = stackProcesses(mark);
    const now = Date.now() - started;
    for (const p of live) lastSeen.set(`${p.pid} ${p.command}`, now);
    if (live.length === 0 || now > timeoutMs) return { remaining: live, lastSeen };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Last moment (ms after the signal) a process matching `pattern` was seen, or -1. */
export function lastSeenOf(lastSeen: Map<string, number>, pattern: RegExp): number {
  let last = -1;
  for (const [key, at] of lastSeen) if (pattern.test(key) && at > last) last = at;
  return last;
}

export function killStack(mark: string): void {
  for (const p of stackProcesses(mark)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}
