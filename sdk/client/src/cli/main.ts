// The `switchyard` command line.

import { writeFileSync } from 'node:fs';
import { fetchCatalogue, renderDeclaration } from './codegen';

const usage = `usage: switchyard codegen --url <gateway graphql url> --out <flags.d.ts> [--token <api token>]
  The token may also come from SWITCHYARD_TOKEN.`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command !== 'codegen') {
    console.error(usage);
    return 2;
  }
  const url = option(rest, 'url');
  const out = option(rest, 'out');
  if (!url || !out) {
    console.error(usage);
    return 2;
  }
  const flags = await fetchCatalogue(url, option(rest, 'token') ?? process.env.SWITCHYARD_TOKEN);
  writeFileSync(out, renderDeclaration(flags, url));
  console.log(`wrote ${flags.length} flag types to ${out}`);
  return 0;
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
