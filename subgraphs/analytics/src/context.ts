import type { Identity, ProjectDirectory, RequestContext } from '@switchyard/server-kit';
import type { EventLoaders } from './events/event.loaders';
import type { EventService } from './events/event.service';
import type { FlagVariationService } from './guards/flag-variation.service';
import type { MetricService } from './metrics/metric.service';
import type { PowerService } from './power/power.service';
import type { BreakdownService } from './results/breakdown.service';
import type { ResultsService } from './results/results.service';
import type { UsageService } from './usage/usage.service';
import type { RetentionJob } from '@switchyard/server-kit';

export interface SubgraphContext extends RequestContext {
  identity: Identity;
  /** Whether a project exists (asked of the flags subgraph) and the caller's permission in it. */
  projects: ProjectDirectory;
  events: EventService;
  metrics: MetricService;
  results: ResultsService;
  breakdowns: BreakdownService;
  power: PowerService;
  flagVariations: FlagVariationService;
  usage: UsageService;
  eventRetention: RetentionJob;
  loaders: EventLoaders;
}
