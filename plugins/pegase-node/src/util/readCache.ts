/**
 * Parse results kept between reads of one repository, for a caller that reads
 * it again and again (the catalog providers: schedule and push events). Pass
 * the same instance as {@link ReadGitopsOptions.cache} to every
 * {@link readGitopsRepository} call: a YAML file whose path, location and
 * text are unchanged since the previous read is not parsed again (at 1,000
 * instances, parsing is most of the CPU time of a read). Entries not used by
 * the latest complete read are dropped, so the cache holds at most one
 * repository's parse results.
 *
 * The parsed values it hands out are frozen (shared between snapshots): the
 * snapshot of a cached read must be treated as read-only.
 * @public
 */
export class GitopsReadCache {
  private readonly entries = new Map<
    string,
    { text: string; value: unknown; generation: number }
  >();
  private generation = 0;
  private hitCount = 0;
  private missCount = 0;

  /** Number of cached parse results. */
  get size(): number {
    return this.entries.size;
  }

  /** Hits and misses since the cache was created (diagnostics, tests). */
  get stats(): { hits: number; misses: number } {
    return { hits: this.hitCount, misses: this.missCount };
  }

  /**
   * The cached result of `compute` for this kind of parse of this file and
   * text, else `compute()` (cached, frozen by `freeze`).
   * @internal
   */
  memo<T>(
    kind: string,
    file: string,
    location: string,
    text: string,
    compute: () => T,
    freeze?: (value: T) => void,
  ): T {
    const key = `${kind}\u0000${file}\u0000${location}`;
    const hit = this.entries.get(key);
    if (hit && hit.text === text) {
      hit.generation = this.generation;
      this.hitCount++;
      return hit.value as T;
    }
    this.missCount++;
    const value = compute();
    freeze?.(value);
    this.entries.set(key, { text, value, generation: this.generation });
    return value;
  }

  /** Starts a read. @internal */
  beginRead(): void {
    this.generation++;
  }

  /** Ends a complete read: drops what it did not use. @internal */
  endRead(): void {
    for (const [k, e] of this.entries) {
      if (e.generation < this.generation) this.entries.delete(k);
    }
  }
}

/** Freezes a parsed YAML/JSON value and everything it holds. */
export function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value))
    return;
  Object.freeze(value);
  for (const v of Object.values(value as Record<string, unknown>))
    deepFreeze(v);
}
