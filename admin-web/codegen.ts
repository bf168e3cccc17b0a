import type { CodegenConfig } from '@graphql-codegen/cli';

// The console's typed documents only (the root `npm run codegen` also regenerates the
// subgraphs' resolver types); same settings as schema/codegen.ts. Run from admin-web/:
// npx graphql-codegen --config codegen.ts
const config: CodegenConfig = {
  overwrite: true,
  ignoreNoDocuments: true,
  generates: {
    './lib/gql/': {
      schema: '../schema/api.graphql',
      documents: ['./app/**/*.{ts,tsx}', './lib/**/*.{ts,tsx}', '!./lib/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, scalars: { DateTime: 'string', JSON: 'unknown' }, useTypeImports: true },
    },
  },
};

export default config;
