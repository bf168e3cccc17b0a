import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const tool = path.join(__dirname, '..', '..', 'tools', 'module-boundaries.js');
const run = (root?: string) =>
  spawnSync(process.execPath, root ? [tool, root] : [tool], { encoding: 'utf8' });

/** A workspace of its own: each project a package.json with its layer tag and one source file. */
function workspace(projects: Record<string, { layer: string; source: string }>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'boundaries-'));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ workspaces: Object.keys(projects) }));
  for (const [dir, { layer, source }] of Object.entries(projects)) {
    fs.mkdirSync(path.join(root, dir, 'src'), { recursive: true });
    const pkg = { name: `@switchyard/${path.basename(dir)}`, nx: { tags: [layer] } };
    fs.writeFileSync(path.join(root, dir, 'package.json'), JSON.stringify(pkg));
    fs.writeFileSync(path.join(root, dir, 'src', 'index.ts'), source);
  }
  return root;
}

// The layering of ARCHITECTURE.md, kept by Nx project tags (tools/module-boundaries.js).
describe('module boundaries', () => {
  it('hold for every project of this repository', () => {
    const result = run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('refuse a subgraph importing another subgraph and the edge importing the gateway', () => {
    const root = workspace({
      'sdk/core': { layer: 'layer:core', source: 'export {};\n' },
      'subgraphs/flags': { layer: 'layer:subgraph', source: "import '@switchyard/experiments';\n" },
      'subgraphs/experiments': { layer: 'layer:subgraph', source: "export * from '@switchyard/core';\n" },
      edge: { layer: 'layer:edge', source: "export { x } from '@switchyard/gateway';\n" },
      gateway: { layer: 'layer:gateway', source: "import { y } from '@switchyard/edge';\n" },
    });
    try {
      const result = run(root);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('2 problem(s)');
      expect(result.stderr).toContain('layer:subgraph may not import @switchyard/experiments');
      expect(result.stderr).toContain('layer:edge may not import @switchyard/gateway');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
