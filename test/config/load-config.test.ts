import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, senderProblem } from '../../src/config/load-config.ts';
import { ConfigError } from '../../src/errors.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();
const watchlists = path.join(REPO_ROOT, 'watchlists');

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads feeds, watchlists and RASID_DIGEST_TO recipients, with entry names for the digest', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'feeds.yaml'), 'feeds:\n  - url: http://127.0.0.1:9/feed.xml\n');
    const config = loadConfig(
      { feeds: path.join(dir, 'feeds.yaml'), watchlists },
      { RASID_DIGEST_TO: 'desk@example.org, field@example.org' },
      { feeds: true, watchlists: true, mail: true },
    );
    expect(config.feeds.map((f) => f.id)).toEqual(['127.0.0.1-9-feed.xml']);
    expect(config.recipients.map((r) => r.address)).toEqual(['desk@example.org', 'field@example.org']);
    expect(config.catalog.get('mody')?.label).toMatch(/Mody/);
    expect(config.mailFrom).toBe('rasid@localhost');
  });

  it('lists every problem at once: feeds file, SMTP_URL, sender, an unknown subscription', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'feeds.yaml'), 'feeds:\n  - url: gopher://old\n');
    fs.writeFileSync(path.join(dir, 'recipients.yaml'), 'recipients:\n  - address: desk@example.org\n    entries: [modi]\n');
    const bad = problemsOf(() =>
      loadConfig(
        { feeds: path.join(dir, 'feeds.yaml'), watchlists, recipients: path.join(dir, 'recipients.yaml') },
        { SMTP_URL: 'mail.example.org', RASID_MAIL_FROM: 'not an address' },
        { feeds: true, watchlists: true, mail: true },
      ),
    );
    expect(bad.some((p) => p.includes('feeds.yaml:2'))).toBe(true);
    expect(bad.some((p) => p.includes('SMTP_URL'))).toBe(true);
    expect(bad.some((p) => p.includes('RASID_MAIL_FROM'))).toBe(true);

    const typo = problemsOf(() =>
      loadConfig({ watchlists, recipients: path.join(dir, 'recipients.yaml') }, {}, { watchlists: true, mail: true }),
    );
    expect(typo).toEqual([expect.stringMatching(/desk@example\.org subscribes to entry "modi".*known entries: .*mody/)]);
  });

  it('refuses a recipients file named explicitly that does not exist, instead of mailing no one', () => {
    const dir = tempDir();
    const missing = problemsOf(() =>
      loadConfig({ watchlists }, { RASID_RECIPIENTS: path.join(dir, 'nope.yaml') }, { mail: true }),
    );
    expect(missing.join('\n')).toMatch(/nope\.yaml: cannot read the recipients file \(ENOENT\)/);
  });

  it('reads fetch limits from the feeds file and names the known settings on a typo', () => {
    const dir = tempDir();
    const file = path.join(dir, 'feeds.yaml');
    fs.writeFileSync(file, 'defaults:\n  fetch:\n    timeoutSeconds: 45\n    maxBodyMB: 2\n    perHost: 1\n    allowPrivateNetworks: false\nfeeds:\n  - url: https://example.org/rss\n');
    const config = loadConfig({ feeds: file, watchlists }, {}, { feeds: true });
    expect(config.fetchLimits).toEqual({ totalTimeoutMs: 45_000, maxBodyBytes: 2 * 1024 * 1024, perHostConcurrency: 1, allowPrivateNetworks: false });

    fs.writeFileSync(file, 'defaults:\n  fetch:\n    timeout: 45\nfeeds: []\n');
    const typo = problemsOf(() => loadConfig({ feeds: file, watchlists }, {}, { feeds: true }));
    expect(typo).toEqual([expect.stringMatching(/feeds\.yaml:3:\d+: .*"timeout".*known fetch settings: timeoutSeconds/)]);
  });

  it('adds RASID_ALLOW_NETWORKS to the feeds file\'s allowNetworks, and names a network it cannot read', () => {
    const file = path.join(tempDir(), 'feeds.yaml');
    fs.writeFileSync(file, 'defaults:\n  fetch:\n    allowNetworks: [10.0.0.0/8]\nfeeds:\n  - url: https://example.org/rss\n');
    const config = loadConfig({ feeds: file, watchlists }, { RASID_ALLOW_NETWORKS: '127.0.0.1/32, fd00::/8' }, { feeds: true });
    expect(config.fetchLimits.allowNetworks).toEqual(['10.0.0.0/8', '127.0.0.1/32', 'fd00::/8']);

    const bad = problemsOf(() => loadConfig({ feeds: file, watchlists }, { RASID_ALLOW_NETWORKS: '127.0.0.1/32,localhost' }, { feeds: true }));
    expect(bad).toEqual([
      'RASID_ALLOW_NETWORKS: "localhost" is not a network: write one as address/prefix-length, e.g. 10.0.0.0/8, 192.168.1.20/32 or fd00::/8 — fix the variable (comma-separated networks) or unset it',
    ]);
  });

  it.each([
    ['rasid@example.org', null],
    ['Rasid Desk <rasid@example.org>', null],
    ['رصد <rasid@example.org>', null],
    ['Rasid <not an address>', /plain email address/],
    ['Evil\r\nBcc: x@y.org <rasid@example.org>', /control characters/],
    ['rasid', /plain email address/],
  ])('checks the sender %j', (from, expected) => {
    const problem = senderProblem(from);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
