import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  killStack,
  lastSeenOf,
  type StackProcess,
  stackProcesses,
  startInTerminal,
  type TerminalRun,
  watchUntilGone,
} from './npm-start-terminal';

// `npm start` in a real pseudo-terminal, stopped every way a person or a process manager
// stops it. Whatever the signal and whoever gets it, nothing of the stack is left 15 s
// later, and PostgreSQL outlives the services that use it.

const POSTMASTER = /\/postgres -D /;
// Processes that use PostgreSQL or serve. Next's telemetry flush (detached-flush.js), which `next dev`
// spawns in a session of its own as it exits, touches no database: only the 15 s rule applies to it.
const SERVICES = /subgraphs\/|gateway\/|next(?!\/dist\/telemetry)/;

type Target = 'terminal' | 'group' | 'npm' | 'supervisor';
interface StopCase {
  how: string;
  target: Target;
  signal: NodeJS.Signals | 'Ctrl-C' | 'close';
  /** Run as `sh -c 'npm start & wait'`: a background job of a script, SIGINT ignored. */
  background?: boolean;
}

const everyWay: StopCase[] = [
  { how: 'Ctrl-C in the terminal', target: 'terminal', signal: 'Ctrl-C' },
  { how: 'closing the terminal (SIGHUP)', target: 'terminal', signal: 'close' },
  { how: 'SIGTERM to the process group', target: 'group', signal: 'SIGTERM' },
  { how: 'SIGHUP to the process group', target: 'group', signal: 'SIGHUP' },
  { how: 'SIGINT to npm', target: 'npm', signal: 'SIGINT' },
  { how: 'SIGTERM to npm (a process manager)', target: 'npm', signal: 'SIGTERM' },
  { how: 'SIGHUP to npm', target: 'npm', signal: 'SIGHUP' },
  { how: 'SIGINT to the supervisor', target: 'supervisor', signal: 'SIGINT' },
  { how: 'SIGTERM to the supervisor', target: 'supervisor', signal: 'SIGTERM' },
  { how: 'SIGHUP to the supervisor', target: 'supervisor', signal: 'SIGHUP' },
  { how: 'SIGKILL to the supervisor', target: 'supervisor', signal: 'SIGKILL' },
  {
    how: 'SIGINT to the group of a background job (SIGINT ignored)',
    target: 'group',
    signal: 'SIGINT',
    background: true,
  },
];
// With the console (`next dev` and its next-server children): the ways that failed before.
const withConsole: StopCase[] = [
  { how: 'Ctrl-C in the terminal', target: 'terminal', signal: 'Ctrl-C' },
  { how: 'closing the terminal (SIGHUP)', target: 'terminal', signal: 'close' },
  { how: 'SIGTERM to npm (a process manager)', target: 'npm', signal: 'SIGTERM' },
  { how: 'SIGKILL to the supervisor', target: 'supervisor', signal: 'SIGKILL' },
];

let dataDir: string;
let run: TerminalRun | null = null;

beforeAll(() => {
  // One data folder for every run: the first start initialises PostgreSQL, the rest reuse it.
  dataDir = mkdtempSync(path.join(tmpdir(), 'switchyard-stop-'));
});
afterEach(async () => {
  const mark = run?.mark;
  if (mark) killStack(mark);
  run?.terminal.kill('SIGKILL');
  run = null;
  if (!mark) return;
  // The next test starts on the same data folder: a postmaster still dying (a loaded machine) or the
  // lock file a SIGKILLed one left, whose PID may be taken by then, would make it refuse to start.
  const { remaining } = await watchUntilGone(mark, 30_000);
  if (remaining.length === 0) rmSync(path.join(dataDir, 'postgres', 'postmaster.pid'), { force: true });
}, 60_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function stop(r: TerminalRun, c: StopCase): void {
  if (c.signal === 'Ctrl-C') {
    r.type('\x03');
    return;
  }
  if (c.signal === 'close') {
    r.terminal.kill('SIGKILL');
    return;
  }
  const npm = r.find(/^npm start/);
  const pid: Record<Target, number> = {
    terminal: r.terminal.pid!,
    group: -npm.pgid,
    npm: npm.pid,
    supervisor: r.find(/infra\/src\/start\.ts/).pid,
  };
  process.kill(pid[c.target], c.signal);
}

async function startStopAndCheck(c: StopCase, admin: boolean): Promise<void> {
  run = await startInTerminal({
    dataDir,
    admin,
    ...(c.background ? { command: "sh -c 'npm start & wait'" } : {}),
  });
  await run.waitFor('Switchyard is running', 180_000);
  const before: StackProcess[] = [];
  before.push(run.find(POSTMASTER), run.find(/subgraphs\/flags/), run.find(/gateway\/src\/main/));
  if (admin) before.push(run.find(/next/));
  stop(run, c);
  const { remaining, lastSeen } = await watchUntilGone(run.mark, 15_000);
  expect({ remaining, output: remaining.length ? run.output().slice(-2000) : '' }).toEqual({
    remaining: [],
    output: '',
  });
  // PostgreSQL went last: no service was still running after the postmaster had gone.
  const postgresGone = lastSeenOf(lastSeen, POSTMASTER);
  const after = [...lastSeen].filter(([key, at]) => SERVICES.test(key) && at > postgresGone);
  expect(after).toEqual([]);
}

const cases = [
  ...everyWay.map((c) => ({ ...c, admin: false, name: `${c.how}, without the console` })),
  ...withConsole.map((c) => ({ ...c, admin: true, name: `${c.how}, with the console` })),
];

describe('npm start, stopped every way', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      await startStopAndCheck(c, c.admin);
    },
    300_000,
  );
});

describe('npm start supervision', () => {
  it('restarts a crashed service with backoff, says so, and serves again', async () => {
    run = await startInTerminal({ dataDir, admin: false });
    await run.waitFor('Switchyard is running', 180_000);
    process.kill(run.find(/subgraphs\/flags/).pid, 'SIGKILL');
    await run.waitFor(/flags\s+.*exited unexpectedly \(SIGKILL\); restarting in 1 s/, 10_000);
    await run.waitFor(/flags\s+.*restarted and ready/, 90_000);
    const res = await fetch(`http://127.0.0.1:${run.ports.FLAGS_PORT}/ready`);
    expect(res.status).toBe(200);
  }, 300_000);

  it('stops everything when a service keeps failing', async () => {
    run = await startInTerminal({ dataDir, admin: false });
    await run.waitFor('Switchyard is running', 180_000);
    // Crash the analytics subgraph whenever it comes back: after four restarts the stack gives up.
    const mark = run.mark;
    const crasher = setInterval(() => {
      const analytics = stackProcesses(mark).find((p) => /subgraphs\/analytics/.test(p.command));
      if (analytics) process.kill(analytics.pid, 'SIGKILL');
    }, 300);
    try {
      await run.waitFor(/keeps failing.*stopping everything/, 120_000);
      const { remaining } = await watchUntilGone(mark, 15_000);
      expect(remaining).toEqual([]);
    } finally {
      clearInterval(crasher);
    }
  }, 300_000);

  it('says at once that a port cannot be checked, instead of waiting', async () => {
    run = await startInTerminal({ dataDir, admin: false, env: { FLAGS_PORT: '6000' } });
    await run.waitFor(/FLAGS_PORT=6000 cannot be used: .*blocked ports/, 20_000);
    const { remaining } = await watchUntilGone(run.mark, 15_000);
    expect(remaining).toEqual([]);
  }, 60_000);
});
