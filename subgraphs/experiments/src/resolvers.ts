import { scalarResolvers } from '@switchyard/server-kit';
import { assignmentResolvers } from './assignments/assignment.resolvers';
import { experimentResolvers } from './experiments/experiment.resolvers';

export const resolvers = {
  ...scalarResolvers,
  ...experimentResolvers,
  Query: { ...experimentResolvers.Query, ...assignmentResolvers.Query },
  Assignment: assignmentResolvers.Assignment!,
};
