import { createHash } from 'node:crypto';
import {
  channels,
  type EvaluationCount,
  type EventBus,
  type IngestionMetrics,
  type Logger,
  projectScopedKey,
  type Unsubscribe,
} from '@switchyard/server-kit';
import type { EventService } from './event.service';
import type { EventInput } from './event-validation';

const FLUSH_MS = 200;
const FLUSH_SIZE = 500;

/** Exposure published by the experiments subgraph when it assigns a user. */
interface ExposureMessage {
  eventId: string;
  /** The experiment's project; absent from messages published before projects: default. */
  project?: string;
  experimentKey: string;
  variant: string;
  userKey: string;
  timestamp: string;
  /** Absent from messages published before restarts existed: period 1. */
  analysisPeriod?: number;
  /** Context attributes of the assignment, kept as the exposure's properties (allow-listed at rollup). */
  attributes?: Record<string, unknown>;
}

function fromExposure(m: ExposureMessage): EventInput {
  return {
    eventId: m.eventId,
    type: 'EXPOSURE',
    userKey: m.userKey,
    // Stored under its project-scoped key, as every experiment in analytics' rollups.
    experimentKey: projectScopedKey(m.project, m.experimentKey),
    variant: m.variant,
    timestamp: m.timestamp,
    analysisPeriod: m.analysisPeriod ?? 1,
    ...(m.attributes ? { properties: m.attributes } : {}),
  };
}

/**
 * One window of one flag variation from one counter is one event, so a re-published window is ignored
 * while another process's window of the same start still counts. Ids past the events' 200-character
 * limit (long project, flag and variation keys) become a digest of the same text, as unique and as stable.
 */
export function evaluationEventId(window: string): string {
  const id = `evaluation:${window}`;
  return id.length <= 200 ? id : `evaluation:${createHash('sha256').update(window).digest('base64url')}`;
}

function fromEvaluation(m: EvaluationCount): EventInput {
  // The default project's rows carry no project (as before projects), so their ids stay as they were.
  const scope = m.project ? `${m.project}/${m.environment}` : m.environment;
  return {
    eventId: evaluationEventId(
      `${scope}:${m.flagKey}:${m.variation}:${m.windowStart}${m.counter ? `:${m.counter}` : ''}`,
    ),
    type: 'EVALUATION',
    userKey: `server:${scope}`,
    eventName: m.flagKey,
    variant: m.variation,
    value: m.count,
    properties: {
      environment: m.environment,
      ...(m.project ? { project: m.project } : {}),
      windowStart: m.windowStart,
    },
    timestamp: m.windowEnd,
  };
}

function observeStored(
  metrics: IngestionMetrics,
  batch: readonly EventInput[],
  results: readonly { accepted: boolean; duplicate: boolean }[],
) {
  const now = Date.now();
  batch.forEach((e, i) => {
    const r = results[i];
    const outcome = !r?.accepted ? 'rejected' : r.duplicate ? 'duplicate' : 'stored';
    metrics.stored.inc({ type: e.type, outcome });
    const at = e.timestamp ? new Date(e.timestamp).getTime() : Number.NaN;
    if (outcome === 'stored' && Number.isFinite(at)) metrics.lag.observe(Math.max(0, (now - at) / 1000));
  });
}

/**
 * Stores exposures and evaluation counts that other subgraphs publish on the bus, batched
 * so a burst of assignments costs a few inserts. Idempotent by event id.
 */
export async function startBusIngestion(
  bus: EventBus,
  events: EventService,
  logger: Logger,
  metrics?: IngestionMetrics,
) {
  let buffer: EventInput[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = buffer;
    buffer = [];
    if (batch.length === 0) return flushing;
    flushing = flushing.then(async () => {
      try {
        // Exposures come from the experiments subgraph itself; evaluations name no experiment.
        const result = await events.track(batch, { trusted: true });
        if (metrics) observeStored(metrics, batch, result.results);
        const rejected = result.results.filter((r) => !r.accepted);
        if (rejected.length) logger.warn({ rejected: rejected.slice(0, 10) }, 'bus events rejected');
      } catch (err) {
        logger.error({ err: (err as Error).message, events: batch.length }, 'storing bus events failed');
      }
    });
    return flushing;
  };
  const push = (items: EventInput[]) => {
    buffer.push(...items);
    if (buffer.length >= FLUSH_SIZE) void flush();
    else timer ??= setTimeout(() => void flush(), FLUSH_MS);
  };
  const parse = <T>(message: string): T | null => {
    try {
      return JSON.parse(message) as T;
    } catch {
      logger.warn({ message: message.slice(0, 200) }, 'unreadable bus message');
      return null;
    }
  };

  const unsubscribers: Unsubscribe[] = [
    await bus.subscribe(channels.exposures, (message) => {
      const m = parse<ExposureMessage>(message);
      if (m) push([fromExposure(m)]);
    }),
    await bus.subscribe(channels.evaluations, (message) => {
      const m = parse<EvaluationCount[] | EvaluationCount>(message);
      if (m) push((Array.isArray(m) ? m : [m]).map(fromEvaluation));
    }),
  ];
  return async () => {
    for (const u of unsubscribers) await u();
    await flush();
  };
}
