import type { DataSource } from 'typeorm';

/** The executor's time: stage timers, schedules and "in the past" checks all read it. */
export interface ExecutorClock {
  now(): Promise<Date>;
}

export const systemClock: ExecutorClock = { now: async () => new Date() };

/**
 * For tests (RELEASE_TEST_CLOCK=true, refused in production): wall time plus the offset in
 * `flags.executor_clock`, which a test moves with SQL so every replica sees the same time.
 */
export function testClock(ds: DataSource): ExecutorClock {
  return {
    async now() {
      const rows: { offset_ms: string }[] = await ds.query(
        'SELECT offset_ms FROM flags.executor_clock WHERE id = 1',
      );
      return new Date(Date.now() + Number(rows[0]?.offset_ms ?? 0));
    },
  };
}

export function executorClock(ds: DataSource, env: NodeJS.ProcessEnv = process.env): ExecutorClock {
  if (env.RELEASE_TEST_CLOCK !== 'true') return systemClock;
  if (env.NODE_ENV === 'production')
    throw new Error('RELEASE_TEST_CLOCK=true is for tests and refused in production');
  return testClock(ds);
}
