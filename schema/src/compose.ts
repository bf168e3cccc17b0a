import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { composeServices } from '@apollo/composition';
import { apiSchemaPath, subgraphNames, subgraphTypeDefs, supergraphPath } from './index';

// The URLs baked into the supergraph are the defaults of `npm start`; the gateway
// overrides them from FLAGS_URL / EXPERIMENTS_URL / ANALYTICS_URL at run time.
const defaultPorts = { flags: 4001, experiments: 4002, analytics: 4003 } as const;

export interface Composition {
  /** For the gateway: the API plus join directives saying which subgraph owns what. */
  supergraphSdl: string;
  /** What clients see: the API schema, input to typed-document codegen. */
  apiSdl: string;
}

/** Composes the three subgraph SDL files; throws listing every composition error. */
export function composeSupergraph(): Composition {
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
  return {
    supergraphSdl: `${result.supergraphSdl.trimEnd()}\n`,
    apiSdl: `${printSchema(result.schema.toAPISchema().toGraphQLJSSchema()).trimEnd()}\n`,
  };
}

if (require.main === module) {
  try {
    const { supergraphSdl, apiSdl } = composeSupergraph();
    writeFileSync(supergraphPath, supergraphSdl);
    writeFileSync(apiSchemaPath, apiSdl);
    console.log(
      `wrote ${supergraphPath} and ${apiSchemaPath} from ${subgraphNames.map((n) => `${n}.graphql`).join(', ')}`,
    );
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
