// What `npm test` needs beyond Node, provided before any suite runs so a fresh machine
// needs no step beforehand: Debian's packages the suites call (installed with apt-get when
// running as root, else named in one line each), and a Redis for the Redis suites (a private
// one on a free port when none answers at REDIS_URL). PostgreSQL is the testkit's concern: it
// starts an embedded one when none answers. Each missing piece is said in one line; the
// suites that need it then fail with their own one-line hint, never skip.
const { spawn, spawnSync } = require('node:child_process');
const net = require('node:net');

const log = (line) => process.stdout.write(`[npm test] ${line}\n`);
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/** Debian package per command the suites run. */
const packages = [
  { command: 'chromium', pkg: 'chromium', why: 'browser tests', found: () => chromiumPath() !== null },
  { command: 'redis-server', pkg: 'redis-server', why: 'Redis suites' },
  { command: 'promtool', pkg: 'prometheus', why: 'alert rule tests' },
  { command: 'docker-compose', pkg: 'docker-compose', why: 'compose file validation' },
  { command: 'haproxy', pkg: 'haproxy', why: 'load-balancer suites' },
  { command: 'pg_dump', pkg: 'postgresql-client', why: 'backup tests' },
  { command: 'script', pkg: 'bsdutils', why: 'npm start terminal tests' },
];

function chromiumPath() {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return spawnSync('test', ['-x', candidate]).status === 0 ? candidate : null;
}

function installPackages() {
  const missing = packages.filter((p) => !(p.found ? p.found() : has(p.command)));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.pkg);
  if (process.getuid?.() === 0 && has('apt-get')) {
    log(`installing Debian's ${names.join(' ')} (${missing.map((p) => p.why).join(', ')})`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { env, encoding: 'utf8' });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], {
      env,
      encoding: 'utf8',
    });
    if (update.status === 0 && install.status === 0) return;
    log(`apt-get failed: ${(install.stderr || update.stderr || '').trim().split('\n').pop()}`);
  }
  for (const p of missing.filter((m) => !(m.found ? m.found() : has(m.command))))
    log(`missing ${p.command} for the ${p.why}: apt-get install -y ${p.pkg} (the suites that need it fail)`);
}

function answers(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.write('PING\r\n');
    });
    socket.once('data', (d) => {
      socket.destroy();
      resolve(String(d).startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A Redis for the run: the given or default REDIS_URL when it answers (the environment is left
 * as it is), else a private redis-server on a free port named by the returned REDIS_URL and
 * stopped by `stop()` (a Ctrl-C reaches it too: it stays in npm test's process group).
 */
async function provideRedis() {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const { hostname, port } = new URL(url);
  const unchanged = { env: {}, stop: () => {} };
  if (await answers(hostname, Number(port) || 6379)) return unchanged;
  if (!has('redis-server')) return unchanged;
  const own = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(own), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  for (let i = 0; i < 100 && !(await answers('127.0.0.1', own)); i++)
    await new Promise((r) => setTimeout(r, 100));
  log(`no Redis at ${url}: started redis-server on 127.0.0.1:${own} for this run`);
  return { env: { REDIS_URL: `redis://127.0.0.1:${own}` }, stop: () => child.kill('SIGTERM') };
}

module.exports = { installPackages, provideRedis };
