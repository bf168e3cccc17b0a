import { scalarResolvers } from '@switchyard/server-kit';
import { flagResolvers } from './flags/flag.resolvers';

export const resolvers = { ...scalarResolvers, ...flagResolvers };
