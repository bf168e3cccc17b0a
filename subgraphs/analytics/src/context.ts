import type { RequestContext } from '@switchyard/server-kit';
import type { EventLoaders } from './events/event.loaders';
import type { EventService } from './events/event.service';

export interface SubgraphContext extends RequestContext {
  events: EventService;
  loaders: EventLoaders;
}
