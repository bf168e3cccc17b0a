import type { Resolvers } from '../generated/graphql';

export const eventResolvers: Resolvers = {
  Mutation: {
    trackEvents: (_parent, { events }, ctx) => ctx.events.track(events),
  },
  Experiment: {
    __resolveReference: (ref) => ({ key: ref.key! }),
    exposures: (experiment, _args, ctx) => ctx.loaders.exposuresByExperiment.load(experiment.key!),
  },
};
