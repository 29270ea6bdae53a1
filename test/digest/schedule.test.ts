import { describe, expect, it } from 'vitest';
import { isDigestDue } from '../../src/digest/schedule.ts';

describe('isDigestDue', () => {
  it.each([
    ['always, for a recipient without an hour', null, 'UTC', '2026-11-28T03:00:00Z', '2026-11-28T02:00:00Z', true],
    ['not before the local hour', 7, 'Africa/Tripoli', '2026-11-28T04:59:00Z', null, false],
    ['at the local hour (UTC+2)', 7, 'Africa/Tripoli', '2026-11-28T05:00:00Z', null, true],
    ['not twice on one local day', 7, 'Africa/Tripoli', '2026-11-28T20:00:00Z', '2026-11-28T05:10:00Z', false],
    ['again the next local day', 7, 'Africa/Tripoli', '2026-11-29T05:00:00Z', '2026-11-28T05:10:00Z', true],
    ['by the local day, not the UTC day', 7, 'Asia/Tokyo', '2026-11-28T22:30:00Z', '2026-11-27T23:00:00Z', true],
    ['across a daylight-saving change (Paris, last Sunday of March)', 7, 'Europe/Paris', '2026-03-29T05:00:00Z', '2026-03-28T06:00:00Z', true],
    ['not yet, an hour before in summer time', 8, 'Europe/Paris', '2026-03-29T05:30:00Z', '2026-03-28T07:00:00Z', false],
  ])('%s', (_name, hour, timeZone, now, last, expected) => {
    expect(isDigestDue({ hour, timeZone }, new Date(now), last)).toBe(expected);
  });
});
