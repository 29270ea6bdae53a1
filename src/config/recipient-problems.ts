// The recipients file's mistakes in the watchlist validator's words (`unknown key "adress" in a
// recipient — did you mean \`address\`?`), instead of the schema library's ("Unrecognized key").
// Known keys come from the schema itself, so a key added there is known here too.
import type { z } from 'zod';
import { PRIORITIES } from '../types.ts';
import { didYouMean } from '../watchlist/did-you-mean.ts';
import { valueAt, type DescribeIssue } from '../yaml-file.ts';

type Path = readonly PropertyKey[];

const EXPECTED: Record<string, { is: string; example: string }> = {
  address: { is: 'an address such as analyst@example.org, or Name <analyst@example.org>', example: 'address: analyst@example.org' },
  watchlists: { is: 'a list of watchlist names', example: 'watchlists: [libya-niger-russia]' },
  entries: { is: 'a list of entry ids', example: 'entries: [agadem, mody]' },
  minPriority: { is: `one of ${PRIORITIES.join(', ')}`, example: 'minPriority: high' },
  hour: { is: 'a whole local hour from 0 to 23, or null to send at every run', example: 'hour: 7' },
  timeZone: { is: 'an IANA zone name such as Africa/Tripoli, Europe/Paris or UTC', example: 'timeZone: Africa/Tripoli' },
  sendEmpty: { is: 'true or false', example: 'sendEmpty: false' },
  alerts: { is: 'true or false', example: 'alerts: true' },
  alertsInDigest: { is: 'true or false', example: 'alertsInDigest: false' },
  maxPerEntry: { is: 'a whole number from 1 to 200', example: 'maxPerEntry: 10' },
  recipients: { is: 'a list with one `- address: …` per recipient', example: 'recipients:\n  - address: analyst@example.org' },
  defaults: { is: 'a mapping of settings for every recipient', example: 'defaults: { hour: 7 }' },
};

function where(at: Path): string {
  if (at.length === 0) return 'the file';
  if (at.length === 1 && at[0] === 'defaults') return 'defaults';
  if (at.length === 2 && at[0] === 'recipients') return 'a recipient';
  if (at.length === 2 && at[0] === 'teams') return 'a team';
  return at.join('.');
}

const shown = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

let zones: string[] | null = null;
function timeZones(): string[] {
  zones ??= Intl.supportedValuesOf('timeZone');
  return zones;
}

/** `keysAt(path)`: the keys the schema allows in the mapping at that path. */
export function describeRecipientIssue(keysAt: (at: Path) => string[]): DescribeIssue {
  return (issue: z.core.$ZodIssue, value: unknown, root: unknown) => {
    // A channel's keys depend on its type: its problems keep the channel schema's own words and hints.
    if (issue.path.includes('channels')) return null;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const known = keysAt(issue.path);
      const guess = didYouMean(key, known);
      return {
        message: `unknown key "${key}" in ${where(issue.path)}`,
        hint: guess ? `did you mean \`${guess}\`? (known: ${known.join(', ')})` : `known keys: ${known.join(', ')}`,
      };
    }
    const key = [...issue.path].reverse().find((p): p is string => typeof p === 'string');
    const expected = key ? EXPECTED[key] : undefined;
    if (!key || !expected) return null;
    if (value === undefined && issue.path.at(-1) === key) {
      // A key missing because it is misspelt is explained by the unknown key's did-you-mean.
      const parentPath = issue.path.slice(0, -1);
      const parent = valueAt(root, parentPath);
      const misspelt = parent !== null && typeof parent === 'object' && Object.keys(parent).some((k) => didYouMean(k, keysAt(parentPath)) === key);
      if (misspelt) return false;
      return { message: `\`${key}\` is missing in ${where(parentPath)}`, hint: `add it: \`${expected.example}\`` };
    }
    if (key === 'minPriority' && typeof value === 'string') {
      const guess = didYouMean(value, PRIORITIES);
      return { message: `minPriority "${value}" is not one of ${PRIORITIES.join(', ')}`, hint: guess ? `did you mean \`${guess}\`?` : `use one of ${PRIORITIES.join(', ')}` };
    }
    if (key === 'timeZone' && typeof value === 'string') {
      const guess = didYouMean(value, timeZones());
      return { message: `timeZone "${value}" is not an IANA time zone`, hint: guess ? `did you mean \`${guess}\`?` : `write ${expected.is}` };
    }
    // The address's own check already says what is wrong with it, in words.
    if (key === 'address' && issue.code === 'custom') return null;
    return { message: `${key} must be ${expected.is} (got ${shown(value)})`, hint: `e.g. \`${expected.example.split('\n')[0]}\`` };
  };
}
