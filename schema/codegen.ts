import type { CodegenConfig } from '@graphql-codegen/cli';

// Resolver types per subgraph (from its own SDL, with federation directives), and
// typed documents for the admin console and the SDK (from the composed API schema).
const resolverConfig = {
  federation: true,
  useIndexSignature: true,
  contextType: '../context#SubgraphContext',
  scalars: { DateTime: 'Date | string', JSON: 'unknown' },
  enumsAsTypes: true,
  avoidOptionals: false,
  // Resolvers may return domain rows; field resolvers fill in the rest.
  defaultMapper: 'Partial<{T}>',
};

const config: CodegenConfig = {
  overwrite: true,
  // Client documents are checked against the API schema that `npm run compose` writes.
  ignoreNoDocuments: true,
  generates: {
    '../admin-web/lib/gql/': {
      schema: 'api.graphql',
      documents: [
        '../admin-web/app/**/*.{ts,tsx}',
        '../admin-web/lib/**/*.{ts,tsx}',
        '!../admin-web/lib/gql/**',
      ],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, scalars: { DateTime: 'string', JSON: 'unknown' }, useTypeImports: true },
    },
    '../subgraphs/flags/src/generated/graphql.ts': {
      schema: 'flags.graphql',
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        ...resolverConfig,
        mappers: {
          Flag: '../flags/flag.entity#FlagRow',
          Segment: '../segments/segment.entity#SegmentRow',
          Environment: '../environments/environment.entity#EnvironmentRow',
          Project: '../projects/project.service#ProjectRow',
          ConfigChange: '@switchyard/server-kit#ConfigChange as ConfigChangeEvent',
          Integration: '../integrations/integration.repository#IntegrationRow',
          ReleasePlan: '../releases/release.entities#ReleasePlanRow',
          ReleasePlanEvent: '../releases/release.entities#ReleasePlanEventRow',
          ScheduledChange: '../releases/release.entities#ScheduledChangeRow',
        },
      },
    },
    '../subgraphs/experiments/src/generated/graphql.ts': {
      schema: 'experiments.graphql',
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        ...resolverConfig,
        mappers: { Experiment: '../experiments/experiment.entity#ExperimentRow' },
      },
    },
    '../subgraphs/analytics/src/generated/graphql.ts': {
      schema: 'analytics.graphql',
      plugins: ['typescript', 'typescript-resolvers'],
      config: resolverConfig,
    },
  },
};

export default config;
