import { type ChildProcess, spawn } from 'node:child_process';

/**
 * The watchdog: a tiny shell process in its own process group, holding the read end of a pipe
 * from the supervisor. The supervisor tells it each child's process group as it spawns it;
 * when the pipe closes without "done" (the supervisor died, even by SIGKILL, so no handler
 * of ours ran), it stops what was left: the services' groups first (SIGTERM, then SIGKILL),
 * PostgreSQL last (SIGINT, its fast shutdown, then SIGKILL), within about 12 s in all.
 * A shell rather than Node because it must cost nothing while it waits (about 1 MB).
 */
const SCRIPT = `
trap '' INT HUP TERM QUIT
groups=" "; postgres=""
while read -r kind id; do
  case "$kind" in
    service) groups="$groups$id " ;;
    gone) groups=$(printf '%s' "$groups" | sed "s/ $id / /") ;;
    postgres) postgres="$id" ;;
    postgres-gone) postgres="" ;;
    done) exit 0 ;;
  esac
done
alive() { for g in $1; do kill -0 "-$g" 2>/dev/null && printf '%s ' "$g"; done; }
for g in $groups; do kill -TERM "-$g" 2>/dev/null; done
i=0; while [ -n "$(alive "$groups")" ] && [ $i -lt 35 ]; do sleep 0.2; i=$((i+1)); done
for g in $groups; do kill -KILL "-$g" 2>/dev/null; done
if [ -n "$postgres" ]; then
  kill -INT "-$postgres" 2>/dev/null
  i=0; while [ -n "$(alive "$postgres")" ] && [ $i -lt 20 ]; do sleep 0.2; i=$((i+1)); done
  kill -KILL "-$postgres" 2>/dev/null
fi
`;

export class Watchdog {
  private readonly child: ChildProcess;

  constructor() {
    this.child = spawn('/bin/sh', ['-c', SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    // It must not keep the supervisor alive, nor take it down if it dies first.
    this.child.unref();
    this.child.stdin!.on('error', () => {});
    (this.child.stdin as unknown as { unref?: () => void }).unref?.();
  }

  private say(line: string): void {
    if (this.child.stdin?.writable) this.child.stdin.write(`${line}\n`);
  }

  service(pid: number): void {
    this.say(`service ${pid}`);
  }

  serviceGone(pid: number): void {
    this.say(`gone ${pid}`);
  }

  postgres(pid: number): void {
    this.say(`postgres ${pid}`);
  }

  postgresGone(): void {
    this.say('postgres-gone 0');
  }

  /** Everything was stopped in order: the watchdog has nothing left to do. */
  release(): void {
    this.say('done 0');
    this.child.stdin?.end();
  }
}
