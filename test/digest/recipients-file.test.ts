import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSubscribed, loadRecipients, parseRecipients, recipientsFromConfig, RECIPIENT_DEFAULTS, type Recipient } from '../../src/config/recipients.ts';
import type { Priority } from '../../src/types.ts';
import { formatProblem } from '../../src/yaml-file.ts';
import { tempDir } from './seed.ts';

const FILE = 'recipients.yaml';

function problems(source: string): string[] {
  const read = parseRecipients(source, FILE);
  if (read.ok) throw new Error('expected problems');
  return read.problems.map(formatProblem);
}

describe('the recipients file', () => {
  it('applies defaults and per-recipient settings', () => {
    const read = parseRecipients(
      `defaults:
  timeZone: Africa/Tripoli
  hour: 7
recipients:
  - address: desk@example.org
  - address: oil@example.org
    entries: [agadem]
    watchlists: [economy]
    minPriority: high
    timeZone: Europe/Paris
    hour: 8
    sendEmpty: true
    alerts: false
    maxPerEntry: 3
`,
      FILE,
    );
    expect(read.ok && read.recipients).toEqual([
      { ...RECIPIENT_DEFAULTS, address: 'desk@example.org', timeZone: 'Africa/Tripoli', hour: 7 },
      {
        ...RECIPIENT_DEFAULTS,
        address: 'oil@example.org',
        entries: ['agadem'],
        watchlists: ['economy'],
        minPriority: 'high',
        timeZone: 'Europe/Paris',
        hour: 8,
        sendEmpty: true,
        alerts: false,
        maxPerEntry: 3,
      },
    ]);
  });

  it.each([
    ['a display name with quotes', '  - address: \'"Desk" "Team" <desk@example.org>\'', /recipients\.yaml:2:14: .*display name with quotes/],
    ['a name before something that is not an address', '  - address: "Desk <desk at example.org>"', /recipients\.yaml:2:14: .*is not a plain email address/],
    ['a quoted local part', '  - address: \'"a@b"@example.org\'', /recipients\.yaml:2:14: .*not a plain email address/],
    ['two addresses in one', '  - address: a@example.org, b@example.org', /recipients\.yaml:2:14: .*not a plain email address/],
    ['an unknown priority', '  - address: a@example.org\n    minPriority: urgent', /recipients\.yaml:3:18: recipients\.0\.minPriority: minPriority "urgent" is not one of low, normal, high, critical — use one of low, normal, high, critical/],
    ['an hour out of range', '  - address: a@example.org\n    hour: 25', /recipients\.yaml:3:11: recipients\.0\.hour: hour must be a whole local hour from 0 to 23, or null to send at every run \(got 25\) — e\.g\. `hour: 7`/],
    ['an unknown time zone', '  - address: a@example.org\n    timeZone: Libya/Benghazi', /recipients\.yaml:3:15: .*not an IANA time zone/],
    ['a misspelt key', '  - address: a@example.org\n    watchlist: [libya]', /recipients\.yaml:3:5: recipients\.0\.watchlist: unknown key "watchlist" in a recipient — did you mean `watchlists`\? \(known: address, watchlists/],
    ['a recipient listed twice', '  - address: a@example.org\n  - address: A@example.org', /recipients\.yaml:3:14: A@example\.org is listed twice — merge/],
  ])('reports %s with file:line and what to do', (_name, body, expected) => {
    expect(problems(`recipients:\n${body}\n`).join('\n')).toMatch(expected);
  });

  it('accepts the documented example file', () => {
    const read = loadRecipients({ file: path.join(import.meta.dirname, '../fixtures/digest/recipients.example.yaml') });
    expect(read.ok && read.recipients.map((r) => [r.address, r.hour, r.timeZone, r.minPriority])).toEqual([
      ['desk@example.org', 7, 'Africa/Tripoli', 'normal'],
      ['energy@example.org', 8, 'Europe/Paris', 'normal'],
      ['duty-officer@example.org', null, 'Africa/Tripoli', 'critical'],
    ]);
    expect(read.ok && read.channels.map((c) => [c.name, c.owner, c.target.type, c.minPriority])).toEqual([
      ['duty-ntfy', 'duty-officer@example.org', 'ntfy', 'critical'],
      ['sahel-slack', 'team:sahel-desk', 'slack', 'high'],
    ]);
  });

  it('reports every problem at once', () => {
    expect(problems('recipients:\n  - address: nope\n    hour: 99\n  - address: also nope\n')).toHaveLength(3);
  });

  it('reports broken YAML with its line', () => {
    expect(problems('recipients:\n  - address: a@example.org\n   hour: [7\n')[0]).toMatch(/^recipients\.yaml:\d+:\d+: not valid YAML/);
  });
});

describe('RASID_DIGEST_TO and the choice of source', () => {
  it('uses RASID_DIGEST_TO when there is no recipients file', () => {
    const recipients = recipientsFromConfig({ recipientsFile: path.join(tempDir(), 'absent.yaml'), digestTo: ' a@example.org, b@example.org ,a@example.org' });
    expect(recipients.map((r) => r.address)).toEqual(['a@example.org', 'b@example.org']);
    expect(recipients[0]).toMatchObject({ hour: null, entries: [], watchlists: [], minPriority: 'low' });
  });

  it('prefers the recipients file when it exists', () => {
    const file = path.join(tempDir(), 'recipients.yaml');
    fs.writeFileSync(file, 'recipients:\n  - address: file@example.org\n');
    expect(recipientsFromConfig({ recipientsFile: file, digestTo: 'env@example.org' }).map((r) => r.address)).toEqual(['file@example.org']);
  });

  it('rejects a bad address in RASID_DIGEST_TO with a clear error', () => {
    const read = loadRecipients({ file: null, digestTo: 'ok@example.org; evil@example.org' });
    expect(read.ok).toBe(false);
    expect(!read.ok && formatProblem(read.problems[0]!)).toMatch(/^RASID_DIGEST_TO: "ok@example\.org; evil@example\.org" is not a plain email address .* — separate addresses \(or Name <address>\) with commas$/);
  });

  it('is nobody when neither is set', () => {
    expect(loadRecipients({ file: null, digestTo: null })).toEqual({ ok: true, recipients: [], channels: [] });
  });
});

describe('isSubscribed', () => {
  const watchlistOf = (entry: string) => ({ agadem: 'economy', mody: 'sahel' })[entry];
  it.each([
    ['everything when nothing is listed', {}, { entry: 'mody', priority: 'normal' }, true],
    ['a listed entry', { entries: ['agadem'] }, { entry: 'agadem', priority: 'normal' }, true],
    ['not an unlisted entry', { entries: ['agadem'] }, { entry: 'mody', priority: 'normal' }, false],
    ['an entry of a listed watchlist', { watchlists: ['sahel'] }, { entry: 'mody', priority: 'normal' }, true],
    ['not below the minimum priority', { minPriority: 'high' }, { entry: 'mody', priority: 'normal' }, false],
    ['at the minimum priority', { minPriority: 'high' }, { entry: 'mody', priority: 'high' }, true],
  ] as Array<[string, Partial<Recipient>, { entry: string; priority: Priority }, boolean]>)('%s', (_name, settings, hit, expected) => {
    expect(isSubscribed({ ...RECIPIENT_DEFAULTS, address: 'a@example.org', ...settings }, hit, watchlistOf)).toBe(expected);
  });
});
