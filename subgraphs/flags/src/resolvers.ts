import { scalarResolvers } from '@switchyard/server-kit';
import { authResolvers } from './auth/auth.resolvers';
import { flagDomainResolvers as flagResolvers } from './domain-resolvers';

export const resolvers = {
  ...scalarResolvers,
  ...flagResolvers,
  Query: { ...flagResolvers.Query, ...authResolvers.Query },
  Mutation: { ...flagResolvers.Mutation, ...authResolvers.Mutation },
  User: authResolvers.User!,
};
