/**
 * Computed analyses, per replica. A key holds everything an analysis depends on — the experiment's
 * design, the options, the experiment's rollup version (bumped in every transaction that writes its
 * rollups), each metric's definition version and its rebuild state — so a hit is exactly what a
 * recomputation would give, and any change is a miss. Oldest entries go first once it is full.
 */
export class ResultsCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity = 500) {}

  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-insert: Map keeps insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}
