#!/usr/bin/env node
// Builds one service and assembles its production artifact in a clean folder: the
// workspace manifests, production dependencies only (`npm ci --omit=dev` for that
// workspace), the built output of the service and of the workspace packages it uses, a
// `start` script and a health check. The Dockerfile runs exactly this; so does the test
// that starts the artifact (infra/deploy/tests/artifact.test.ts), so the two cannot drift.
//
//   node infra/deploy/docker/assemble.js <flags|experiments|analytics|gateway|console> <out-dir>
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..', '..');
const services = require('./services.json');
const [name, outArg] = process.argv.slice(2);
const service = services[name];
if (!service || !outArg) {
  process.stderr.write(`usage: assemble.js <${Object.keys(services).join('|')}> <out-dir>\n`);
  process.exit(64);
}
const out = path.resolve(outArg);
const rootManifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const manifest = (dir) => JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
const byName = new Map(rootManifest.workspaces.map((dir) => [manifest(dir).name, dir]));

// The workspace packages the service runs with: its own and, transitively, their
// production dependencies among the workspaces.
const needed = new Set();
const visit = (dir) => {
  if (needed.has(dir)) return;
  needed.add(dir);
  for (const dep of Object.keys(manifest(dir).dependencies ?? {}))
    if (byName.has(dep)) visit(byName.get(dep));
};
visit(service.workspace);

// Run from inside npm or Nx (the artifact test under `npm test`), the caller's npm_* and NX_*
// variables would steer the nested npm and Nx; each command gets the environment without them.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|nx_)/i.test(key)));
const run = (command, args, cwd) => {
  process.stdout.write(`assemble: ${command} ${args.join(' ')}\n`);
  execFileSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: { ...env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
};

// 1. Build the service and what it depends on (Nx runs the packages' `build` scripts in order).
run(
  path.join(root, 'node_modules', '.bin', 'nx'),
  ['run', `${manifest(service.workspace).name}:build`, '--outputStyle=stream'],
  root,
);

// 2. Manifests: every workspace's package.json, so the lock file resolves; only the
//    service's production dependencies are installed.
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
for (const file of ['package.json', 'package-lock.json'])
  fs.copyFileSync(path.join(root, file), path.join(out, file));
for (const dir of rootManifest.workspaces) {
  fs.mkdirSync(path.join(out, dir), { recursive: true });
  fs.copyFileSync(path.join(root, dir, 'package.json'), path.join(out, dir, 'package.json'));
}
run(
  'npm',
  [
    'ci',
    '--omit=dev',
    '--prefer-offline',
    `--workspace=${service.workspace}`,
    '--include-workspace-root=false',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
  ],
  out,
);

// npm ci --omit=dev still installs the development dependencies of the workspace packages the
// service links (the console got sdk/client's playwright-core): keep only what npm itself lists as
// reachable from the service through production dependencies.
const listed = require('node:child_process').spawnSync(
  'npm',
  ['ls', '--omit=dev', '--all', '--parseable', `--workspace=${service.workspace}`],
  { cwd: out, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
const reachable = new Set(
  listed.stdout
    .split('\n')
    .filter(Boolean)
    .map((p) => path.relative(out, p)),
);
if (!reachable.has(path.join('node_modules', manifest(service.workspace).name)))
  throw new Error(`npm ls did not list ${service.workspace}'s dependencies: ${listed.stderr}`);
const modules = path.join(out, 'node_modules');
for (const entry of fs.readdirSync(modules)) {
  if (entry === '.bin' || entry.startsWith('.')) continue;
  const names = entry.startsWith('@')
    ? fs.readdirSync(path.join(modules, entry)).map((n) => `${entry}/${n}`)
    : [entry];
  for (const name of names) {
    if (!reachable.has(path.join('node_modules', name)))
      fs.rmSync(path.join(modules, name), { recursive: true, force: true });
  }
}
// Commands whose package is gone.
const bin = path.join(modules, '.bin');
if (fs.existsSync(bin))
  for (const link of fs.readdirSync(bin))
    if (!fs.existsSync(path.join(bin, link))) fs.rmSync(path.join(bin, link), { force: true });

// 3. Built output: dist/ of each needed package, the schema's SDL files, the console's Next build.
const copy = (from, to = from) => {
  const source = path.join(root, from);
  if (fs.existsSync(source)) fs.cpSync(source, path.join(out, to), { recursive: true });
};
for (const dir of needed) {
  copy(path.join(dir, 'dist'));
  for (const file of fs.readdirSync(path.join(root, dir)))
    if (file.endsWith('.graphql')) copy(path.join(dir, file));
}
if (service.workspace === 'admin-web') {
  for (const item of ['.next', 'public', 'next.config.js', 'next.config.mjs'])
    copy(path.join('admin-web', item));
  // next.config.ts imports the console's own modules (security headers, gateway URL), which
  // `next start` cannot load as TypeScript without development tools: the image gets the config
  // and those modules as one JavaScript file (Next.js reads next.config.mjs before .ts).
  const configTs = path.join(root, 'admin-web', 'next.config.ts');
  if (fs.existsSync(configTs))
    require(path.join(root, 'node_modules', 'esbuild')).buildSync({
      entryPoints: [configTs],
      outfile: path.join(out, 'admin-web', 'next.config.mjs'),
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // The browser code has the build's gateway URL inlined; so does the config, whose
      // Content-Security-Policy must allow that gateway (the image's run stage does not set it).
      define: {
        'process.env.NEXT_PUBLIC_GATEWAY_URL': JSON.stringify(process.env.NEXT_PUBLIC_GATEWAY_URL ?? ''),
      },
      banner: {
        js: "import { fileURLToPath as __toPath } from 'node:url'; const __dirname = __toPath(new URL('.', import.meta.url));",
      },
      logLevel: 'warning',
    });
  fs.rmSync(path.join(out, 'admin-web', '.next', 'cache'), { recursive: true, force: true });
}

// 4. How to start and probe it.
fs.writeFileSync(path.join(out, 'service.json'), `${JSON.stringify({ name, ...service }, null, 2)}\n`);
fs.copyFileSync(path.join(__dirname, 'healthcheck.js'), path.join(out, 'healthcheck.js'));
const quoted = service.start.map((arg) => `'${arg}'`).join(' ');
fs.writeFileSync(
  path.join(out, 'start'),
  `#!/bin/sh\n# generated by infra/deploy/docker/assemble.js\ncd "$(dirname "$0")" && exec ${quoted} "$@"\n`,
  {
    mode: 0o755,
  },
);
process.stdout.write(`assemble: ${name} ready in ${out}\n`);
