import { scalarResolvers } from '@switchyard/server-kit';
import { authResolvers } from './auth/auth.resolvers';
import { roleResolvers } from './roles/role.resolvers';
import { flagDomainResolvers as flagResolvers } from './domain-resolvers';

export const resolvers = {
  ...scalarResolvers,
  ...flagResolvers,
  Query: { ...flagResolvers.Query, ...authResolvers.Query, ...roleResolvers.Query },
  Mutation: { ...flagResolvers.Mutation, ...authResolvers.Mutation, ...roleResolvers.Mutation },
  User: authResolvers.User!,
};
