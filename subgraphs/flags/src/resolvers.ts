import { scalarResolvers } from '@switchyard/server-kit';
import { authResolvers } from './auth/auth.resolvers';
import { flagResolvers } from './flags/flag.resolvers';

export const resolvers = {
  ...scalarResolvers,
  ...flagResolvers,
  Query: { ...flagResolvers.Query, ...authResolvers.Query },
  Mutation: { ...flagResolvers.Mutation, ...authResolvers.Mutation },
};
