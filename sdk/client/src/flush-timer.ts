// The one pending flush of a queue that sends in the background (events, sampled contexts). Unref'd: a pending
// flush never keeps a Node process alive; the queue's close() sends what is left.

export class FlushTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly flush: () => void) {}

  /** Flushes in `delayMs`, unless a flush is already pending (which stays as it is). */
  schedule(delayMs: number): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delayMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Flushes in `delayMs` instead of when one was pending (a retry's backoff replaces the interval). */
  reschedule(delayMs: number): void {
    this.cancel();
    this.schedule(delayMs);
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
