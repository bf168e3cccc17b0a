import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { type CatalogueFlag, renderDeclaration } from './codegen';

const catalogue: CatalogueFlag[] = [
  { key: 'new-checkout', type: 'BOOLEAN', variations: [] },
  {
    key: 'checkout-color',
    type: 'STRING',
    description: 'Button colour',
    variations: [
      { key: 'red', value: 'red' },
      { key: 'blue', value: 'blue' },
    ],
  },
  { key: 'max-items', type: 'NUMBER', variations: [{ key: 'ten', value: 10 }] },
  { key: 'banner', type: 'JSON', variations: [{ key: 'a', value: { title: 'Hi', show: true } }] },
];

const clientEntry = path.join(__dirname, '..', 'index.ts');

/** Type-checks `snippet` with the generated declaration; returns the error messages. */
function typeErrors(snippet: string): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-codegen-'));
  writeFileSync(path.join(dir, 'flags.d.ts'), renderDeclaration(catalogue, 'test'));
  writeFileSync(path.join(dir, 'app.ts'), snippet);
  const program = ts.createProgram([path.join(dir, 'flags.d.ts'), path.join(dir, 'app.ts')], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: ['node'],
    typeRoots: [path.join(__dirname, '..', '..', '..', '..', 'node_modules', '@types')],
    baseUrl: dir,
    paths: { '@switchyard/client': [clientEntry] },
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName.endsWith('app.ts'))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const header = `import { createClient } from '@switchyard/client';
const client = createClient({ url: 'http://localhost:4000/graphql', sdkKey: 'sy_server_x' });
`;

describe('switchyard codegen', () => {
  it('writes a FlagTypes augmentation from the catalogue', () => {
    expect(renderDeclaration(catalogue, 'http://gw/graphql')).toContain(
      `    /** Button colour */\n    "checkout-color": "red" | "blue";`,
    );
    expect(renderDeclaration(catalogue, 'x')).toContain('"banner": { "title": string; "show": boolean };');
  });

  it('type-checks correct use and rejects a misused key or value', () => {
    const good = typeErrors(
      `${header}const color: 'red' | 'blue' = client.getValue('checkout-color', 'red');
const on: boolean = client.isEnabled('new-checkout', false);
const n: number = client.getValue('max-items', 5);
export { color, on, n };
`,
    );
    expect(good).toEqual([]);
    const bad = typeErrors(
      `${header}client.getValue('checkout-colour', 'red');
client.getValue('checkout-color', 42);
client.isEnabled('checkout-color');
`,
    );
    expect(bad).toHaveLength(3);
    expect(bad[0]).toContain('"checkout-colour"');
  }, 60_000);
});
