/**
 * Bounds upstream calls: at most `ratePerSecond` starts per second (evenly
 * spaced) and `concurrency` calls in flight. Used by the refresher only;
 * calls made for a user's page view are not delayed.
 * @internal
 */
export class RateLimiter {
  #nextStart = 0;
  #inFlight = 0;
  readonly #waiting: Array<() => void> = [];
  readonly #interval: number;

  constructor(ratePerSecond: number, private readonly concurrency: number) {
    this.#interval = 1000 / ratePerSecond;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#inFlight >= this.concurrency) {
      await new Promise<void>(resolve => this.#waiting.push(resolve));
    }
    this.#inFlight++;
    try {
      const now = Date.now();
      const start = Math.max(now, this.#nextStart);
      this.#nextStart = start + this.#interval;
      if (start > now) await new Promise(r => setTimeout(r, start - now));
      return await fn();
    } finally {
      this.#inFlight--;
      this.#waiting.shift()?.();
    }
  }
}
