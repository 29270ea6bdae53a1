// Channels in the recipients file: per recipient and per team, validated with file:line like the
// rest, secrets only ever named (and checked to exist, never shown).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelSecretProblems } from '../../src/config/recipient-channels.ts';
import { parseRecipients } from '../../src/config/recipients.ts';
import { formatProblem } from '../../src/yaml-file.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { ConfigError } from '../../src/errors.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { tempDir } from '../digest/seed.ts';

const FILE = 'recipients.yaml';

const EXAMPLE = `defaults:
  timeZone: Africa/Tripoli
recipients:
  - address: desk@example.org
    entries: [mody-benghazi-trip]
    channels:
      - name: desk-telegram
        type: telegram
        token: { env: RASID_TELEGRAM_TOKEN }
        chatId: -1001234567890
teams:
  - name: sahel-desk
    watchlists: [libya-niger-russia]
    timeZone: Europe/Paris
    channels:
      - name: sahel-slack
        type: slack
        url: { env: RASID_SLACK_SAHEL }
        minPriority: high
        maxPerRun: 3
        maxPerHour: 10
        summary: { hour: 7 }
      - name: sahel-matrix
        type: matrix
        homeserver: https://matrix.example.org
        roomId: "!sahelDesk:example.org"
        token: { file: /run/secrets/matrix }
      - name: sahel-ntfy
        type: ntfy
        url: https://ntfy.sh/rasid-sahel-7Hq2
      - name: sahel-hook
        type: webhook
        url: https://hooks.example.org/rasid
        secret: { env: RASID_HOOK_SECRET }
        retry: { firstSeconds: 30, maxSeconds: 3600 }
`;

function problems(source: string): string[] {
  const read = parseRecipients(source, FILE);
  if (read.ok) throw new Error('expected problems');
  return read.problems.map(formatProblem);
}

describe('channels in the recipients file', () => {
  it('reads the channels of recipients and teams with their owner, subscriptions, time zone and defaults', () => {
    const read = parseRecipients(EXAMPLE, FILE);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.recipients.map((r) => r.address)).toEqual(['desk@example.org']);
    expect(read.channels.map((c) => [c.name, c.owner, c.where])).toEqual([
      ['desk-telegram', 'desk@example.org', 'recipients.yaml:7:9'],
      ['sahel-slack', 'team:sahel-desk', 'recipients.yaml:16:9'],
      ['sahel-matrix', 'team:sahel-desk', 'recipients.yaml:23:9'],
      ['sahel-ntfy', 'team:sahel-desk', 'recipients.yaml:28:9'],
      ['sahel-hook', 'team:sahel-desk', 'recipients.yaml:31:9'],
    ]);
    const [telegram, slack, matrix, ntfy, hook] = read.channels;
    expect(telegram).toMatchObject({
      subscription: { entries: ['mody-benghazi-trip'], watchlists: [] },
      timeZone: 'Africa/Tripoli',
      minPriority: 'critical',
      maxPerRun: 5,
      maxPerHour: 20,
      summary: null,
      target: { type: 'telegram', token: { env: 'RASID_TELEGRAM_TOKEN' }, chatId: '-1001234567890', apiUrl: 'https://api.telegram.org' },
    });
    expect(slack).toMatchObject({
      subscription: { entries: [], watchlists: ['libya-niger-russia'] },
      minPriority: 'high',
      maxPerRun: 3,
      maxPerHour: 10,
      summary: { hour: 7, timeZone: 'Europe/Paris', minPriority: 'normal' },
      target: { type: 'slack', url: { env: 'RASID_SLACK_SAHEL' } },
    });
    expect(matrix!.target).toEqual({ type: 'matrix', homeserver: 'https://matrix.example.org', roomId: '!sahelDesk:example.org', token: { file: '/run/secrets/matrix' } });
    expect(ntfy!.target).toEqual({ type: 'ntfy', url: 'https://ntfy.sh/rasid-sahel-7Hq2', token: null });
    expect(hook).toMatchObject({ retry: { firstSeconds: 30, maxSeconds: 3600 }, target: { type: 'webhook', secret: { env: 'RASID_HOOK_SECRET' } } });
  });

  it.each([
    [
      'a Slack webhook URL written in clear',
      '  - name: s\n    type: slack\n    url: https://hooks.slack.com/services/T0/B0/secret',
      /recipients\.yaml:6:14: recipients\.0\.channels\.0\.url: a secret is named here, never written: \{ env: VARIABLE \} or \{ file: \/path\/to\/secret \} — .*webhook URLs are passwords/,
    ],
    ['a token written in clear', '  - name: t\n    type: telegram\n    chatId: 5\n    token: "123:abc"', /recipients\.yaml:7:16: .*token: a secret is named here.* — write `token: \{ env: RASID_TELEGRAM_TOKEN \}`/],
    ['an unknown type', '  - name: x\n    type: signal\n    url: { env: X }', /recipients\.yaml:5:15: .*type: Invalid discriminator value.* — one of webhook, slack, teams, discord, telegram, ntfy, matrix/],
    ['a misspelt key', '  - name: x\n    type: slack\n    url: { env: X }\n    maxPerMinute: 3', /recipients\.yaml:7:\d+: .*Unrecognized key: "maxPerMinute" — see "Alerts in chat and push services" in the README/],
    ['a room alias instead of a room id', '  - name: m\n    type: matrix\n    homeserver: https://m.example.org\n    roomId: "#desk:example.org"\n    token: { env: T }', /recipients\.yaml:7:17: .*a room id looks like !abcdef:example\.org.* — the room id from the room settings/],
    ['an ntfy URL that is not http(s)', '  - name: n\n    type: ntfy\n    url: ftp://ntfy.example.org/topic', /recipients\.yaml:6:14: .*url: not an http\(s\) URL — an http\(s\) URL, or a named secret/],
    ['a bad summary hour', '  - name: s\n    type: slack\n    url: { env: X }\n    summary: { hour: 24 }', /recipients\.yaml:7:26: .*summary\.hour: .* — a whole local hour from 0 to 23$/],
  ])('reports %s with file:line and what to do', (_what, channel, expected) => {
    const source = `recipients:\n  - address: desk@example.org\n    channels:\n${channel.replace(/^/gm, '    ')}\n`;
    expect(problems(source).join('\n')).toMatch(expected);
  });

  it('refuses two channels with one name, pointing at the second', () => {
    const source = `recipients:
  - address: a@example.org
    channels:
      - { name: desk, type: slack, url: { env: A } }
teams:
  - name: t
    channels:
      - { name: Desk, type: discord, url: { env: B } }
`;
    expect(problems(source)).toEqual(['recipients.yaml:8:9: the channel name Desk is used twice — give every channel its own name']);
  });

  it('says which named secret is missing, never what a secret is', () => {
    const read = parseRecipients(EXAMPLE, FILE);
    if (!read.ok) throw new Error('expected a valid file');
    const found = channelSecretProblems(read.channels, {
      env: { RASID_TELEGRAM_TOKEN: '7012:secret-token-value', RASID_HOOK_SECRET: '   ' },
      readFile: (file) => (file === '/run/secrets/matrix' ? 'syt_matrix_secret_value\n' : ''),
    });
    expect(found).toEqual([
      'recipients.yaml:16:9: channel sahel-slack: its url ($RASID_SLACK_SAHEL) cannot be read: the environment variable RASID_SLACK_SAHEL is not set (or empty) — set it, or name another variable or file in the recipients file',
      'recipients.yaml:31:9: channel sahel-hook: its secret ($RASID_HOOK_SECRET) cannot be read: the environment variable RASID_HOOK_SECRET is not set (or empty) — set it, or name another variable or file in the recipients file',
    ]);
    expect(found.join('\n')).not.toMatch(/secret-token-value|syt_matrix_secret_value/);
  });

  it('makes a missing secret and a team subscription to an unknown watchlist configuration problems of the run', () => {
    const dir = tempDir();
    const file = path.join(dir, 'recipients.yaml');
    fs.writeFileSync(file, 'teams:\n  - name: t\n    watchlists: [no-such-list]\n    channels:\n      - { name: t-slack, type: slack, url: { env: RASID_TEST_MISSING_SLACK } }\n');
    const load = (env: NodeJS.ProcessEnv) => loadConfig({ recipients: file, feeds: path.join(REPO_ROOT, 'feeds.yaml'), watchlists: path.join(REPO_ROOT, 'watchlists') }, env, { feeds: true, watchlists: true, mail: true });
    expect(() => load({})).toThrow(ConfigError);
    expect(() => load({})).toThrow(/recipients\.yaml:5:9: channel t-slack: its url \(\$RASID_TEST_MISSING_SLACK\) cannot be read/);
    expect(() => load({ RASID_TEST_MISSING_SLACK: 'https://hooks.slack.example/x' })).toThrow(/recipients\.yaml:3:\d+: team t subscribes to watchlist "no-such-list", which does not exist — known watchlists: /);
    fs.writeFileSync(file, 'teams:\n  - name: t\n    channels:\n      - { name: t-slack, type: slack, url: { env: RASID_TEST_MISSING_SLACK } }\n');
    const config = load({ RASID_TEST_MISSING_SLACK: 'https://hooks.slack.example/x', RASID_PUBLIC_URL: 'https://rasid.example.org/' });
    expect(config.channels.map((c) => c.name)).toEqual(['t-slack']);
    expect(config.publicUrl).toBe('https://rasid.example.org/');
    expect(config.recipients).toEqual([]);
    // A team's channels are someone to receive: a command that sends starts without any mailbox.
    const sending = loadConfig({ recipients: file, feeds: path.join(REPO_ROOT, 'feeds.yaml'), watchlists: path.join(REPO_ROOT, 'watchlists') },
      { RASID_TEST_MISSING_SLACK: 'https://hooks.slack.example/x' }, { feeds: true, watchlists: true, mail: true, recipients: true });
    expect(sending.channels).toHaveLength(1);
    fs.writeFileSync(file, 'recipients: []\n');
    expect(() => loadConfig({ recipients: file, feeds: path.join(REPO_ROOT, 'feeds.yaml'), watchlists: path.join(REPO_ROOT, 'watchlists') }, {},
      { feeds: true, watchlists: true, mail: true, recipients: true })).toThrow(/nobody is configured to receive hits: the recipients file lists no one/);
  });
});
