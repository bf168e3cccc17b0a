import { spawnSync } from 'node:child_process';

/** Fails with one line naming a command-line tool the machine lacks and how to get it. */
export function requireTool(command: string, install: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  if (found.status !== 0) {
    throw new Error(`${command} is not installed: ${install} (npm test installs it first when run as root)`);
  }
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const out = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== 0) process.stderr.write(`${command} ${args.join(' ')}:\n${out.stdout}${out.stderr}\n`);
  return out;
}
