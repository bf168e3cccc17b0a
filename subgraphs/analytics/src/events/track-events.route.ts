import { errors, type InternalRoute } from '@switchyard/server-kit';
import type { SubgraphContext } from '../context';
import { eventScope } from './event-scope';
import type { EventInput } from './event-validation';

/**
 * `trackEvents` without GraphQL, for the gateway's `POST /events`: coercing a batch of 500 events
 * through the GraphQL input types was most of analytics' CPU per call. The gateway has checked each
 * event's shape against `EventInput` (gateway/src/events/event-shape.ts, the same rules as the input
 * coercion) and sends only well-formed events; permissions, validation, idempotency, durability and
 * rollups are the mutation's own (`eventScope`, `EventService.track`), `project` included. Answers what the
 * mutation answers.
 */
export const trackEventsRoute: InternalRoute<SubgraphContext> = async (args, ctx) => {
  const { events, project } = args;
  const scope = await eventScope(ctx, project);
  if (
    !Array.isArray(events) ||
    !events.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e))
  ) {
    throw errors.badInput('must be a list of events', 'events');
  }
  return ctx.events.track(events as EventInput[], scope);
};
