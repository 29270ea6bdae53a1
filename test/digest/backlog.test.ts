import { describe, expect, it } from 'vitest';
import { backlogStart } from '../../src/pipeline/deliver-digests.ts';

const NOW = new Date('2026-11-28T12:00:00.000Z');

describe('backlogStart', () => {
  it.each([
    ['a recipient new to the ledger gets the last 7 days', null, null, '2026-11-21T12:00:00.000Z'],
    ['a recipient back after months away gets the last 7 days, not the archive', '2026-05-01T07:00:00.000Z', '2026-05-01T07:00:00.000Z', '2026-11-21T12:00:00.000Z'],
    ['a recipient reached yesterday gets the last 7 days', '2026-11-27T07:00:00.000Z', '2026-11-27T07:00:00.000Z', '2026-11-21T12:00:00.000Z'],
    ['a recipient we kept trying through a 20-day outage gets everything since its last message', '2026-11-28T11:45:00.000Z', '2026-11-08T07:00:00.000Z', '2026-11-07T07:00:00.000Z'],
    ['a recipient that never accepted a message but is being tried gets everything pending', '2026-11-28T11:45:00.000Z', null, ''],
  ])('%s', (_name, lastAttemptAt, lastSentAt, expected) => {
    expect(backlogStart({ lastAttemptAt, lastSentAt }, NOW, 7)).toBe(expected);
  });
});
