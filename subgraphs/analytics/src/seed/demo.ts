import type { SubgraphDeps } from '@switchyard/server-kit';
import type { EventService } from '../events/event.service';
import type { EventInput } from '../events/event-validation';

const DEMO_USERS = 2000;

/** Exposure events for the demo experiment `checkout-redesign`, spread over the last week. */
export async function seedDemo({ ds, logger }: SubgraphDeps, events: EventService): Promise<void> {
  const [{ n }] = await ds.query(
    `SELECT count(*)::int AS n FROM analytics.exposures WHERE experiment_key = $1`,
    ['checkout-redesign'],
  );
  if (n > 0) return;
  const now = Date.now();
  const batch: EventInput[] = [];
  for (let i = 0; i < DEMO_USERS; i++) {
    batch.push({
      eventId: `seed-exposure-checkout-redesign-${i}`,
      type: 'EXPOSURE',
      userKey: `user-${i}`,
      experimentKey: 'checkout-redesign',
      variant: i % 2 === 0 ? 'control' : 'treatment',
      timestamp: new Date(now - ((i * 7 * 24 * 3600 * 1000) / DEMO_USERS + 60_000)),
    });
  }
  for (let i = 0; i < batch.length; i += 1000) await events.track(batch.slice(i, i + 1000), now);
  logger.info({ users: DEMO_USERS }, 'seeded demo exposures');
}
