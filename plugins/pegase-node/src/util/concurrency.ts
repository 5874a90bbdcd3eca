/**
 * Runs `fn` on every item with at most `limit` calls pending; results in input order.
 *
 * @public
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(limit, items.length)) },
    async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    },
  );
  await Promise.all(workers);
  return results;
}

/**
 * A pause for long synchronous loops (parsing file after file): the returned
 * function yields to the event loop once `sliceMs` have passed since the last
 * time, so that a read blocks other work for one file at most, not for all.
 */
export function yielder(sliceMs = 20): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>(resolve => setImmediate(resolve));
    since = performance.now();
  };
}
