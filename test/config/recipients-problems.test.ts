// The recipients file's mistakes read like the watchlist validator's: the offending key's own line,
// "unknown key … — did you mean …?", "… is not one of …", "… must be … (got …)", instead of the
// schema library's "Unrecognized key" and "Invalid input".
import { describe, expect, it } from 'vitest';
import { parseRecipients } from '../../src/config/recipients.ts';
import { formatProblem } from '../../src/yaml-file.ts';

function problems(source: string): string[] {
  const read = parseRecipients(source, 'recipients.yaml');
  if (read.ok) throw new Error('expected problems');
  return read.problems.map(formatProblem);
}

describe('recipients file problems, in the watchlist validator\'s words', () => {
  it.each([
    [
      'a misspelt address key, without a second "address is missing"',
      'recipients:\n  - adress: a@example.org\n',
      [/^recipients\.yaml:2:5: recipients\.0\.adress: unknown key "adress" in a recipient — did you mean `address`\? \(known: address, watchlists, entries, minPriority, hour,/],
    ],
    ['a misspelt key in defaults', 'defaults:\n  huor: 7\nrecipients: []\n', [/^recipients\.yaml:2:3: defaults\.huor: unknown key "huor" in defaults — did you mean `hour`\? \(known: watchlists, entries, minPriority, hour,/]],
    ['a misspelt top-level key', 'recipient:\n  - address: a@example.org\n', [/^recipients\.yaml:1:1: recipient: unknown key "recipient" in the file — did you mean `recipients`\?/]],
    ['two unknown keys, each on its own line', 'recipients:\n  - address: a@example.org\n    huor: 7\n    minPriorty: high\n', [/^recipients\.yaml:3:5: .*unknown key "huor" .* did you mean `hour`\?/, /^recipients\.yaml:4:5: .*unknown key "minPriorty" .* did you mean `minPriority`\?/]],
    ['a priority typo', 'recipients:\n  - address: a@example.org\n    minPriority: hihg\n', [/^recipients\.yaml:3:18: recipients\.0\.minPriority: minPriority "hihg" is not one of low, normal, high, critical — did you mean `high`\?$/]],
    ['a time zone typo', 'recipients:\n  - address: a@example.org\n    timeZone: Europe/Pariss\n', [/^recipients\.yaml:3:15: recipients\.0\.timeZone: timeZone "Europe\/Pariss" is not an IANA time zone — did you mean `Europe\/Paris`\?$/]],
    ['a word where true or false goes', 'recipients:\n  - address: a@example.org\n    alerts: yes please\n', [/^recipients\.yaml:3:13: recipients\.0\.alerts: alerts must be true or false \(got "yes please"\) — e\.g\. `alerts: true`$/]],
    ['one entry where a list goes', 'recipients:\n  - address: a@example.org\n    entries: agadem\n', [/^recipients\.yaml:3:14: recipients\.0\.entries: entries must be a list of entry ids \(got "agadem"\) — e\.g\. `entries: \[agadem, mody\]`$/]],
    ['a recipient without an address', 'recipients:\n  - hour: 7\n', [/^recipients\.yaml:2:5: recipients\.0\.address: `address` is missing in a recipient — add it: `address: analyst@example\.org`$/]],
  ])('%s', (_what, source, expected) => {
    const found = problems(source);
    expect(found).toHaveLength(expected.length);
    expected.forEach((e, i) => (typeof e === 'string' ? expect(found[i]).toBe(e) : expect(found[i]).toMatch(e)));
  });

  it('takes Name <address>, keeping the address for the ledger and the name for the To header', () => {
    const read = parseRecipients('recipients:\n  - address: "Desk Team <desk@example.org>"\n  - address: oil@example.org\n', 'recipients.yaml');
    expect(read.ok && read.recipients.map((r) => [r.address, r.name ?? null])).toEqual([
      ['desk@example.org', 'Desk Team'],
      ['oil@example.org', null],
    ]);
  });
});
