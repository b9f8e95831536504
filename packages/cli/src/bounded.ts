/**
 * `items.map(fn)` with at most `limit` calls in flight, answers in the items' order. An operator command that reads
 * one thing per key or per execution uses it: thousands of calls at once would open as many sockets and spend an API
 * quota's whole burst (Step Functions' DescribeExecution: 300, refilled at 15 a second) in one go. The first
 * failure rejects, as Promise.all does; calls already in flight finish, none new start.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
