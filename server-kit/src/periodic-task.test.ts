import { createLogger } from './logger';
import { PeriodicTask } from './periodic-task';

const logger = createLogger('periodic-task-test', 'silent');

describe('PeriodicTask', () => {
  it('tries a failed run again soon, not at the next interval', async () => {
    const runs: number[] = [];
    const task = new PeriodicTask(
      'flaky job',
      async () => {
        runs.push(Date.now());
        if (runs.length === 1) throw new Error('neighbour still starting');
      },
      logger,
    );
    task.start(3_600_000, { retryMs: 50 });
    for (let i = 0; i < 100 && runs.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await task.stop();
    expect(runs).toHaveLength(2);
  });

  it('never runs twice at once, and stop waits for the run in flight', async () => {
    let active = 0;
    let most = 0;
    let finished = 0;
    const task = new PeriodicTask(
      'slow job',
      async () => {
        active++;
        most = Math.max(most, active);
        await new Promise((r) => setTimeout(r, 120));
        active--;
        finished++;
      },
      logger,
    );
    task.start(20);
    await new Promise((r) => setTimeout(r, 200));
    await task.stop();
    expect(most).toBe(1);
    expect(active).toBe(0);
    expect(finished).toBeGreaterThanOrEqual(1);
  });
});
