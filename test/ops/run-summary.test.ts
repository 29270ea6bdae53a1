import { describe, expect, it } from 'vitest';
import type { CycleReport } from '../../src/pipeline/run-cycle.ts';
import { formatRunSummary } from '../../src/pipeline/run-summary.ts';

function report(over: Partial<CycleReport> = {}): CycleReport {
  return {
    status: 'partial',
    fetch: {
      feeds: [
        { feedId: 'a', url: 'http://127.0.0.1/a', status: 'ok', itemsSeen: 5, itemsNew: 3 },
        { feedId: 'b', url: 'http://127.0.0.1/b', status: 'not-modified', itemsSeen: 0, itemsNew: 0 },
        { feedId: 'c', url: 'http://127.0.0.1/c', status: 'failed', itemsSeen: 0, itemsNew: 0, error: 'HTTP 503' },
        { feedId: 'd', url: 'http://127.0.0.1/d', status: 'skipped', itemsSeen: 0, itemsNew: 0, reason: 'not due' },
      ],
      newArticleIds: [1, 2, 3],
      durationMs: 900,
    },
    match: { articlesMatched: 3, hitsNew: 2, hitsByEntry: { haftar: 2 } },
    delivery: { messages: [], sent: 1, failed: 1 },
    skipped: [],
    durationMs: 4210,
    ...over,
  };
}

describe('the summary line that ends every run', () => {
  it('says feeds ok/failed/not due, items new, hits, mails sent and failed, and the duration', async () => {
    expect(formatRunSummary(report())).toBe('partial: feeds 2 ok, 1 failed, 1 not due · items 3 new · hits 2 new · mails 1 sent, 1 failed · 4.2 s');
  });

  it('names the stages another process was doing, or that a stopping daemon left out', async () => {
    const line = formatRunSummary(
      report({
        fetch: { feeds: [], newArticleIds: [], durationMs: 0 },
        delivery: null,
        skipped: [
          { stage: 'fetch', because: 'busy', reason: 'another Rasid process (h:1:x) is doing it' },
          { stage: 'delivery', because: 'stopping', reason: 'the process is stopping' },
        ],
      }),
    );
    expect(line).toContain('fetch skipped (another process is on it)');
    expect(line).toContain('delivery skipped (stopping)');
    expect(line).not.toContain('mails');
  });

  it('counts chat and push channel messages when channels are configured', () => {
    const channels = { messages: [], sent: 3, waiting: 1, failed: 2 };
    expect(formatRunSummary(report({ delivery: { messages: [], sent: 1, failed: 0, channels } }))).toContain('mails 1 sent · channel messages 3 sent, 1 waiting, 2 given up · 4.2 s');
    expect(formatRunSummary(report({ delivery: { messages: [], sent: 0, failed: 0, channels: { ...channels, waiting: 0, failed: 0 } } }))).toContain('· channel messages 3 sent ·');
  });

  it('is one line', async () => {
    expect(formatRunSummary(report())).not.toContain('\n');
  });
});
