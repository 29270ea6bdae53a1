import { describe, expect, it } from 'vitest';
import { createHostLimiter } from '../../src/fetch/host-limiter.ts';

function tracker() {
  const active = new Map<string, number>();
  const peak = new Map<string, number>();
  let total = 0;
  let peakTotal = 0;
  return {
    async task(host: string) {
      active.set(host, (active.get(host) ?? 0) + 1);
      total++;
      peak.set(host, Math.max(peak.get(host) ?? 0, active.get(host)!));
      peakTotal = Math.max(peakTotal, total);
      await new Promise((r) => setTimeout(r, 5));
      active.set(host, active.get(host)! - 1);
      total--;
    },
    peak,
    peakTotal: () => peakTotal,
  };
}

describe('createHostLimiter', () => {
  it('keeps requests to one host within the per-host limit', async () => {
    const limiter = createHostLimiter(8, 2);
    const t = tracker();
    await Promise.all(Array.from({ length: 12 }, (_, i) => limiter.run(`https://alwasat.example/${i}`, () => t.task('alwasat.example'))));
    expect(t.peak.get('alwasat.example')).toBe(2);
  });

  it('keeps requests over all hosts within the overall limit', async () => {
    const limiter = createHostLimiter(4, 2);
    const t = tracker();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const host = `site${i % 10}.example`;
        return limiter.run(`https://${host}/feed`, () => t.task(host));
      }),
    );
    expect(t.peakTotal()).toBe(4);
    for (const peak of t.peak.values()) expect(peak).toBeLessThanOrEqual(2);
  });

  it('does not let one busy host starve the others', async () => {
    const limiter = createHostLimiter(3, 1);
    const order: string[] = [];
    const slow = Array.from({ length: 5 }, (_, i) =>
      limiter.run(`https://slow.example/${i}`, async () => {
        await new Promise((r) => setTimeout(r, 20));
        order.push('slow');
      }),
    );
    const fast = limiter.run('https://fast.example/feed', async () => void order.push('fast'));
    await Promise.all([...slow, fast]);
    expect(order[0]).toBe('fast');
  });

  it('releases its slot when a task fails', async () => {
    const limiter = createHostLimiter(1, 1);
    await expect(limiter.run('https://a.example/', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run('https://a.example/', async () => 'next')).resolves.toBe('next');
  });
});
