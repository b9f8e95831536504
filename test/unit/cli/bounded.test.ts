import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../../packages/cli/src/bounded';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapBounded', () => {
  it("answers in the items' order with no more than the limit in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (n, i) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await tick(n * 3);
      inFlight -= 1;
      return `${i}:${n}`;
    });
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6']);
    expect(peak).toBe(3);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const run = mapBounded([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await tick(5);
      if (n === 2) throw new Error('throttled');
      return n;
    });
    await expect(run).rejects.toThrow('throttled');
    await tick(30);
    expect(started.length).toBeLessThanOrEqual(3);
  });

  it('answers an empty list without calling', async () => {
    expect(await mapBounded([], 4, async () => 'x')).toEqual([]);
  });
});
