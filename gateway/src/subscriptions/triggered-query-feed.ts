import type { Identity, Logger } from '@switchyard/server-kit';
import type { ExecutionResult } from 'graphql';
import type { Executor } from './config-change-feed';
import { PushQueue } from './push-queue';
import { revive } from './result';
import { RESULT_KEY, type TranslatedSubscription } from './translate';

export interface TriggerOptions {
  /** Push the current value when a subscriber arrives. */
  initial: boolean;
  /** Push only when the value differs from the last one pushed. */
  onlyChanges: boolean;
  /** At most one execution per group per this many ms (trailing run kept). */
  throttleMs: number;
}

class Group {
  readonly subscribers = new Set<PushQueue<ExecutionResult>>();
  last: string | null = null;
  private running = false;
  private again = false;
  private lastRunAt = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly trigger: string,
    private readonly translated: TranslatedSubscription,
    private readonly identity: Identity,
    private readonly opts: TriggerOptions,
    private readonly feed: TriggeredQueryFeed,
  ) {}

  async evaluate(): Promise<ExecutionResult> {
    const t = this.translated;
    const response = await this.feed.execute(t.query, t.variables, this.identity);
    this.feed.onExecution();
    const value = response.data?.[RESULT_KEY] ?? null;
    return {
      data: response.data ? { [t.responseKey]: value } : null,
      ...(response.errors?.length ? { errors: revive(response.errors) } : {}),
    } as ExecutionResult;
  }

  /** Runs now, or once the throttle window has passed; bursts collapse into one run. */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    const wait = this.lastRunAt + this.opts.throttleMs - Date.now();
    if (wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.wake();
      }, wait);
      return;
    }
    void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    this.lastRunAt = Date.now();
    try {
      const result = await this.evaluate();
      const text = JSON.stringify(result);
      if (!this.opts.onlyChanges || text !== this.last) {
        this.last = text;
        for (const s of this.subscribers) s.push(result);
      }
    } catch (err) {
      this.feed.logger.warn({ err: (err as Error).message }, 'subscription refresh failed');
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

/**
 * Subscriptions whose payload is a query re-run when something happens (a config change
 * in an environment, new results for an experiment). Subscribers with the same query,
 * variables and scope share one execution per trigger.
 */
export class TriggeredQueryFeed {
  private readonly groups = new Map<string, Group>();

  constructor(
    readonly execute: Executor,
    readonly logger: Logger,
    private readonly opts: TriggerOptions,
    readonly onExecution: () => void = () => {},
  ) {}

  get groupCount(): number {
    return this.groups.size;
  }

  /** Wakes the groups listening to `trigger`; null wakes them all. */
  fire(trigger: string | null): void {
    for (const g of this.groups.values()) if (trigger === null || g.trigger === trigger) g.wake();
  }

  subscribe(
    translated: TranslatedSubscription,
    identity: Identity,
    scopeKey: string,
    trigger: string,
  ): AsyncIterableIterator<ExecutionResult> {
    const key = `${translated.queryText}\n${JSON.stringify(translated.variables)}\n${scopeKey}`;
    let group = this.groups.get(key);
    const fresh = !group;
    if (!group) {
      group = new Group(trigger, translated, identity, this.opts, this);
      this.groups.set(key, group);
    }
    const g = group;
    const queue: PushQueue<ExecutionResult> = new PushQueue<ExecutionResult>(() => {
      g.subscribers.delete(queue);
      if (g.subscribers.size === 0 && this.groups.get(key) === g) {
        g.dispose();
        this.groups.delete(key);
      }
    });
    g.subscribers.add(queue);
    if (this.opts.initial) {
      if (fresh || g.last === null) {
        // The first subscriber's value also becomes the group's baseline.
        void g.evaluate().then((r) => {
          g.last ??= JSON.stringify(r);
          queue.push(r);
        });
      } else {
        queue.push(JSON.parse(g.last) as ExecutionResult);
      }
    }
    return queue;
  }
}
