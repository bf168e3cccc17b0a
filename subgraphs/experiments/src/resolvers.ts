import { scalarResolvers } from '@switchyard/server-kit';
import { experimentResolvers } from './experiments/experiment.resolvers';

export const resolvers = { ...scalarResolvers, ...experimentResolvers };
