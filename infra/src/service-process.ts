import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

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

/** One supervised child: its own process group, so stopping it stops its children too. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  private stopping = false;
  readonly recentOutput: string[] = [];

  constructor(
    readonly spec: ServiceSpec,
    private readonly output: ServiceOutput,
    private readonly onUnexpectedExit: (name: string, code: number | null) => void,
  ) {}

  start(): void {
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: this.spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.recentOutput.push(line);
        if (this.recentOutput.length > 50) this.recentOutput.shift();
        this.output(this.spec.name, line);
      });
    }
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.child = null;
        if (!this.stopping) this.onUnexpectedExit(this.spec.name, code);
        resolve(code);
      });
    });
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
        if (res.ok) return;
      } catch {
        // not listening yet
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
    const pid = this.child?.pid;
    if (!pid) return;
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    // Grandchildren that ignored SIGTERM (e.g. bundler workers) must not outlive us.
    signalGroup(pid, 'SIGKILL');
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

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
