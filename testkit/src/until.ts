/**
 * Polls `check` until it returns a value (not null, undefined or false); fails naming `what` after
 * `timeoutMs`. For what a test waits on across processes (a flush, a job's run, a relay catching up),
 * so no test asserts on timing.
 */
export async function until<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
