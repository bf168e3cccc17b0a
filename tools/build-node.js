#!/usr/bin/env node
// Transpiles a package's src/ to dist/ (CommonJS) for production runs. Type
// checking is the separate `typecheck` target; this only strips types.
// `--service`: also bundles dist/main.js into dist/service.bundle.js, started by dist/service.js
// (see bundle-service.js); production starts a service from dist/service.js.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const pkgDir = process.cwd();
const srcDir = path.join(pkgDir, 'src');
const outDir = path.join(pkgDir, 'dist');

function listSources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSources(full);
    const isSource =
      /\.(ts|tsx)$/.test(entry.name) &&
      // Tests and their fixtures (test-support.ts, test-fixtures.ts) stay out of dist/.
      !/\.(test|spec)\.tsx?$/.test(entry.name) &&
      !/^test-/.test(entry.name) &&
      !entry.name.endsWith('.d.ts');
    return isSource ? [full] : [];
  });
}

fs.rmSync(outDir, { recursive: true, force: true });
esbuild.buildSync({
  entryPoints: listSources(srcDir),
  outdir: outDir,
  outbase: srcDir,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  tsconfig: path.join(pkgDir, 'tsconfig.json'),
  logLevel: 'warning',
});
// Non-code assets that services read at run time (SDL files).
for (const file of listSources.call(null, srcDir).length ? fs.readdirSync(srcDir, { recursive: true }) : []) {
  if (String(file).endsWith('.graphql')) {
    fs.mkdirSync(path.dirname(path.join(outDir, String(file))), { recursive: true });
    fs.copyFileSync(path.join(srcDir, String(file)), path.join(outDir, String(file)));
  }
}
if (process.argv.includes('--service'))
  require('./bundle-service')
    .bundleService(outDir)
    .catch((error) => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    });
