import { describe, expect, it } from 'vitest';
import { sourceHealth } from '../../src/digest/source-health.ts';
import type { FeedHealthRow } from '../../src/store/ledger-repo.ts';

const NOW = new Date('2026-11-28T12:00:00Z');
const row = (over: Partial<FeedHealthRow>): FeedHealthRow => ({
  id: 'feed',
  url: 'https://feed.example/rss',
  title: 'Feed',
  consecutiveFailures: 0,
  lastError: null,
  lastErrorAt: null,
  lastSuccessAt: '2026-11-28T11:00:00Z',
  lastItemAt: '2026-11-28T10:00:00Z',
  createdAt: '2026-10-01T00:00:00Z',
  ...over,
});

describe('sourceHealth', () => {
  it.each([
    ['a healthy feed is not listed', row({}), null],
    ['a failing feed is listed with its error', row({ consecutiveFailures: 3, lastError: 'HTTP 503', lastErrorAt: '2026-11-28T11:30:00Z', lastSuccessAt: '2026-11-28T06:00:00Z' }), { problem: 'failing', failures: 3, error: 'HTTP 503', isNew: true }],
    ['a failure that began before the last digest is not new', row({ consecutiveFailures: 9, lastError: 'timeout', lastErrorAt: '2026-11-28T11:30:00Z', lastSuccessAt: '2026-11-20T06:00:00Z' }), { problem: 'failing', isNew: false }],
    ['a feed with no new item for longer than 72 hours is silent', row({ lastItemAt: '2026-11-24T09:00:00Z' }), { problem: 'silent', since: '2026-11-24T09:00:00Z' }],
    ['a feed nobody fetches any more (removed or disabled) is not news', row({ lastSuccessAt: '2026-11-01T00:00:00Z', lastItemAt: '2026-11-01T00:00:00Z' }), null],
    ['a failure long ago on a feed no longer tried is not news', row({ consecutiveFailures: 2, lastErrorAt: '2026-11-01T00:00:00Z' }), null],
  ])('%s', (_name, feed, expected) => {
    const [found] = sourceHealth([feed], { now: NOW, lastDigestAt: '2026-11-27T07:00:00Z' });
    if (expected === null) expect(found).toBeUndefined();
    else expect(found).toMatchObject(expected);
  });

  it('puts new problems first', () => {
    const list = sourceHealth(
      [
        row({ id: 'old', title: 'Old', consecutiveFailures: 5, lastErrorAt: '2026-11-28T11:00:00Z', lastSuccessAt: '2026-11-01T00:00:00Z' }),
        row({ id: 'new', title: 'New', consecutiveFailures: 1, lastErrorAt: '2026-11-28T11:00:00Z', lastSuccessAt: '2026-11-28T05:00:00Z' }),
      ],
      { now: NOW, lastDigestAt: '2026-11-27T07:00:00Z' },
    );
    expect(list.map((f) => f.feedId)).toEqual(['new', 'old']);
  });
});
