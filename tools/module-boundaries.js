#!/usr/bin/env node
// Nx project tags with module-boundary rules (the layering of ARCHITECTURE.md), checked over every
// workspace's package.json dependencies and the `@switchyard/*` imports of its sources. Biome has
// no boundary rule and the repository has no ESLint, so this is Nx's enforce-module-boundaries in
// a few lines: each project's `nx.tags` carries one `layer:*` tag, and a layer may depend only on
// the layers listed below. Tests (and their support files) may also use the test tooling.
const fs = require('node:fs');
const path = require('node:path');

// A workspace root may be given (the boundary test checks a small one of its own).
const root = process.argv[2] ? path.resolve(process.argv[2]) : path.join(__dirname, '..');

/** What each layer may depend on. */
const allowed = {
  'layer:core': [],
  'layer:kit': [],
  'layer:edge': ['layer:core', 'layer:kit'],
  'layer:schema': [],
  'layer:subgraph': ['layer:core', 'layer:kit', 'layer:edge', 'layer:schema'],
  'layer:gateway': ['layer:core', 'layer:kit', 'layer:edge', 'layer:schema'],
  'layer:sdk': ['layer:core', 'layer:sdk'],
  'layer:app': ['layer:core', 'layer:sdk'],
  // Supervisor, deployment, end-to-end tests, benchmarks and the test harness start the others.
  'layer:tooling': ['*'],
};
const testTooling = ['layer:tooling'];
const isTestFile = (file) => /\.(test|spec)\.tsx?$|(^|\/)(tests|e2e)\/|test-support\.ts$/.test(file);

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', '.next', 'generated'].includes(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(ts|tsx|mts|js|cjs|mjs)$/.test(entry.name) ? [full] : [];
  });
}

const workspaces = require(path.join(root, 'package.json')).workspaces;
const projects = new Map();
for (const ws of workspaces) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, ws, 'package.json'), 'utf8'));
  const layer = (pkg.nx?.tags ?? []).find((t) => t.startsWith('layer:'));
  projects.set(pkg.name, { dir: ws, pkg, layer });
}

const problems = [];
for (const [name, { dir, pkg, layer }] of projects) {
  if (!layer || !(layer in allowed)) {
    problems.push(`${name}: needs one nx.tags entry of ${Object.keys(allowed).join(', ')}`);
    continue;
  }
  const mayUse = (target, inTest) => {
    if (target === name) return true;
    const targetLayer = projects.get(target)?.layer;
    const ok = allowed[layer];
    if (ok.includes('*') || ok.includes(targetLayer)) return true;
    // Subgraphs never import each other: the layer allows its own kind only where listed.
    return inTest && testTooling.includes(targetLayer);
  };
  for (const dep of Object.keys(pkg.dependencies ?? {}))
    if (projects.has(dep) && !mayUse(dep, false))
      problems.push(`${name} (${layer}) depends on ${dep} (${projects.get(dep).layer}) in package.json`);
  for (const file of sources(path.join(root, dir))) {
    const rel = path.relative(root, file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from |require\(|import\(|import )'(@switchyard\/[a-z-]+)/g))
      if (projects.has(m[1]) && !mayUse(m[1], isTestFile(rel)))
        problems.push(`${rel}: ${layer} may not import ${m[1]} (${projects.get(m[1]).layer})`);
  }
}

if (problems.length > 0) {
  console.error(`module boundaries: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`module boundaries: ${projects.size} projects respect their layers`);
