// The `switchyard` command line.

import { writeFileSync } from 'node:fs';
import { fetchCatalogue, renderDeclaration } from './codegen';
import { exportJsonSchema } from './export/format';
import { readGraph } from './export/read-graph';
import { graphClient } from './graph-client';
import { ImportFileError } from './import/import-file';
import { type ImportSource, runImport } from './import/run-import';
import { headCommit, scanRepository, uploadReferences } from './refs';

const usage = `usage:
  switchyard codegen --url <gateway graphql url> --out <flags.d.ts> [--project <key>] [--token <token>]
  switchyard export  --url <gateway graphql url> [--project <key>] [--out <file.json>] [--token <token>]
  switchyard export  --schema                  (prints the JSON Schema of the export format)
  switchyard import  <file.json> --url <gateway graphql url> [--project <key>] [--token <token>]
                     [--from switchyard|unleash|launchdarkly] [--environment <key>] [--dry-run] [--skip-errors]
  switchyard refs    [<directory>] --url <gateway graphql url> --repository <name> [--project <key>] [--token <token>] [--dry-run]
                     (finds where the code uses flags and uploads file, line and context with the commit)
  The token (a TOKEN API key, or a signed-in session's access token) may also come from SWITCHYARD_TOKEN.`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

const VALUE_OPTIONS = new Set([
  '--url',
  '--out',
  '--token',
  '--from',
  '--environment',
  '--repository',
  '--project',
]);

/** Arguments that are neither options nor option values. */
function positional(args: string[]): string[] {
  return args.filter((a, i) => !a.startsWith('--') && !VALUE_OPTIONS.has(args[i - 1] ?? ''));
}

const SOURCES: readonly ImportSource[] = ['switchyard', 'unleash', 'launchdarkly'];

export async function main(args: string[], print: (line: string) => void = console.log): Promise<number> {
  const [command, ...rest] = args;
  const url = option(rest, 'url');
  const token = option(rest, 'token') ?? process.env.SWITCHYARD_TOKEN;
  if (command === 'export' && rest.includes('--schema')) {
    print(JSON.stringify(exportJsonSchema(), null, 2));
    return 0;
  }
  if (!url || !['codegen', 'export', 'import', 'refs'].includes(command ?? '')) {
    console.error(usage);
    return 2;
  }
  if (command === 'codegen') {
    const out = option(rest, 'out');
    if (!out) {
      console.error(usage);
      return 2;
    }
    const flags = await fetchCatalogue(url, token, fetch, option(rest, 'project') ?? null);
    writeFileSync(out, renderDeclaration(flags, url));
    print(`wrote ${flags.length} flag types to ${out}`);
    return 0;
  }
  const request = graphClient(url, token);
  if (command === 'refs') {
    const repository = option(rest, 'repository');
    if (!repository) {
      console.error(usage);
      return 2;
    }
    const root = positional(rest)[0] ?? '.';
    const flags = await fetchCatalogue(url, token, fetch, option(rest, 'project') ?? null);
    const references = scanRepository(
      root,
      flags.map((f) => f.key),
    );
    const used = new Set(references.map((r) => r.flagKey));
    for (const r of references) print(`${r.flagKey}\t${r.path}:${r.line}`);
    print(`${references.length} references to ${used.size} of ${flags.length} flags`);
    const unused = flags.filter((f) => !used.has(f.key)).map((f) => f.key);
    if (unused.length > 0) print(`no references (removable?): ${unused.join(', ')}`);
    if (rest.includes('--dry-run')) return 0;
    const upload = await uploadReferences(
      request,
      repository,
      headCommit(root),
      references,
      option(rest, 'project') ?? null,
    );
    print(`uploaded ${upload.count} references of ${upload.repository} at ${upload.commit}`);
    return 0;
  }
  if (command === 'export') {
    const { config } = await readGraph(request, option(rest, 'project') ?? null);
    const text = `${JSON.stringify(config, null, 2)}\n`;
    const out = option(rest, 'out');
    if (out) {
      writeFileSync(out, text);
      print(`wrote ${config.flags.length} flags, ${config.segments.length} segments to ${out}`);
    } else process.stdout.write(text);
    return 0;
  }
  const [file] = positional(rest);
  const from = (option(rest, 'from') ?? 'switchyard') as ImportSource;
  if (!file || !SOURCES.includes(from)) {
    console.error(usage);
    return 2;
  }
  try {
    const outcome = await runImport(
      request,
      {
        file,
        from,
        dryRun: rest.includes('--dry-run'),
        skipErrors: rest.includes('--skip-errors'),
        environment: option(rest, 'environment'),
        project: option(rest, 'project') ?? null,
      },
      print,
    );
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof ImportFileError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
