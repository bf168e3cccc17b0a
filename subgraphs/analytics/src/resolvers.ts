import { scalarResolvers } from '@switchyard/server-kit';
import { eventResolvers } from './events/event.resolvers';

export const resolvers = { ...scalarResolvers, ...eventResolvers };
