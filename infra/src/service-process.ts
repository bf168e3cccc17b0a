import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { refusedPortReason } from './usable-port';

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** URL answering 2xx once the service can take traffic. */
  readyUrl: string;
}

export type ServiceOutput = (service: string, line: string) => void;

/** Restarts a service that dies on its own, waiting longer each time; gives up when it keeps failing. */
export interface RestartPolicy {
  /** Restarts allowed within `windowMs` before the exit counts as final. */
  maxRestarts: number;
  windowMs: number;
  /** First wait; doubled on each restart within the window. */
  initialDelayMs: number;
}

export interface SupervisionHooks {
  /** Each spawned child (the leader of its own process group), so a watchdog can stop it. */
  onSpawn?: (name: string, pid: number) => void;
  /** The child has exited. */
  onExit?: (name: string, pid: number) => void;
  restart?: RestartPolicy;
}

/** One supervised child: its own process group, so stopping it stops its children too. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private restarts: number[] = [];
  /** Restarts are for a service that ran: one failing its first start has a cause to read. */
  private wasReady = false;
  readonly recentOutput: string[] = [];
  /** The exit code of the last child that exited (null: killed by a signal, or none yet). */
  lastExitCode: number | null = null;

  constructor(
    readonly spec: ServiceSpec,
    private readonly output: ServiceOutput,
    /** Called when the service died on its own and is not restarted (again). */
    private readonly onUnexpectedExit: (name: string, code: number | null) => void,
    private readonly hooks: SupervisionHooks = {},
  ) {}

  start(): void {
    this.stopping = false;
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: this.spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const pid = child.pid;
    if (pid) this.hooks.onSpawn?.(this.spec.name, pid);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.recentOutput.push(line);
        if (this.recentOutput.length > 50) this.recentOutput.shift();
        this.output(this.spec.name, line);
      });
    }
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.child = null;
        this.lastExitCode = code;
        // Whatever the leader did, nothing of its group (bundler workers, next-server) stays behind.
        if (pid) signalGroup(pid, 'SIGKILL');
        if (pid) this.hooks.onExit?.(this.spec.name, pid);
        if (!this.stopping) this.exitedOnItsOwn(code ?? signal);
        resolve(code);
      });
    });
  }

  private exitedOnItsOwn(how: number | string | null): void {
    const policy = this.hooks.restart;
    const now = Date.now();
    if (policy) this.restarts = this.restarts.filter((at) => now - at < policy.windowMs);
    if (!policy || !this.wasReady || this.restarts.length >= policy.maxRestarts) {
      this.onUnexpectedExit(this.spec.name, typeof how === 'number' ? how : null);
      return;
    }
    const delay = policy.initialDelayMs * 2 ** this.restarts.length;
    this.restarts.push(now);
    this.output(
      this.spec.name,
      `exited unexpectedly (${typeof how === 'number' ? `code ${how}` : how}); restarting in ${delay / 1000} s ` +
        `(restart ${this.restarts.length} of ${policy.maxRestarts} within ${policy.windowMs / 1000} s)`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      this.start();
      this.waitUntilReady(60_000).then(
        () => this.output(this.spec.name, 'restarted and ready'),
        () => {}, // its exit is reported (and restarted or given up on) by the exit handler
      );
    }, delay);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Polls the ready URL until it answers 2xx, the process dies, or time runs out. */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.child) {
        throw new Error(`${this.spec.name} exited during start:\n${this.recentOutput.slice(-15).join('\n')}`);
      }
      try {
        const res = await fetch(this.spec.readyUrl, { signal: AbortSignal.timeout(2000) });
        if (res.ok) {
          this.wasReady = true;
          return;
        }
      } catch (err) {
        // Not listening yet, unless fetch refuses the address itself: then waiting cannot help.
        const refused = refusedPortReason(err);
        if (refused) throw new Error(`${this.spec.name}: cannot check ${this.spec.readyUrl}: ${refused}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(
      `${this.spec.name} was not ready at ${this.spec.readyUrl} within ${timeoutMs} ms:\n${this.recentOutput.slice(-15).join('\n')}`,
    );
  }

  /** SIGTERM to the whole group, SIGKILL after the grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const pid = this.child?.pid;
    if (!pid) return;
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    // The leader's exit SIGKILLed the rest of its group (next-server); stopped means all of it is gone.
    await groupGone(pid, 3000);
  }

  /** Stops hard, as a crash would. Used by failure tests. */
  async kill(): Promise<void> {
    this.stopping = true;
    const pid = this.child?.pid;
    if (!pid) return;
    signalGroup(pid, 'SIGKILL');
    await this.exited;
  }
}

/** Resolves once a process group has no member left, or after `timeoutMs`. */
export async function groupGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
