import { writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { subgraphNames, subgraphTypeDefs, supergraphPath } from './index';

// The URLs baked into the supergraph are the defaults of `npm start`; the gateway
// overrides them from FLAGS_URL / EXPERIMENTS_URL / ANALYTICS_URL at run time.
const defaultPorts = { flags: 4001, experiments: 4002, analytics: 4003 } as const;

/** Composes the three subgraph SDL files; throws listing every composition error. */
export function composeSupergraph(): string {
  const result = composeServices(
    subgraphNames.map((name) => ({
      name,
      url: `http://localhost:${defaultPorts[name]}/graphql`,
      typeDefs: subgraphTypeDefs(name),
    })),
  );
  if (result.errors) {
    throw new Error(
      `Supergraph composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`,
    );
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

if (require.main === module) {
  try {
    const sdl = composeSupergraph();
    writeFileSync(supergraphPath, sdl);
    console.log(`wrote ${supergraphPath} from ${subgraphNames.map((n) => `${n}.graphql`).join(', ')}`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
