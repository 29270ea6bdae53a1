// `rasid channels list|test|retry` and `rasid export-feed`, as users run them: the real executable,
// a recipients file with secrets in the environment, loopback receivers, a SQLite file.
import fs from 'node:fs';
import path from 'node:path';
import Parser from 'rss-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { STORIES } from '../fixtures/digest/stories.ts';
import { seed } from '../digest/seed.ts';
import { startSlackReceiver, type SlackReceiver } from '../helpers/receivers/slack-receiver.ts';
import { startMatrixReceiver, type MatrixReceiver } from '../helpers/receivers/matrix-receiver.ts';
import { runCli } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('rasid-channels-cli-');
const receivers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

async function setUp(): Promise<{ dir: string; env: Record<string, string>; slack: SlackReceiver; matrix: MatrixReceiver }> {
  const dir = tempDir();
  const slack = await startSlackReceiver();
  const matrix = await startMatrixReceiver();
  receivers.push(slack, matrix);
  fs.writeFileSync(
    path.join(dir, 'recipients.yaml'),
    `recipients:
  - address: desk@example.org
    channels:
      - name: desk-slack
        type: slack
        url: { env: RASID_SLACK_DESK }
teams:
  - name: sahel
    watchlists: [libya-niger-russia]
    channels:
      - name: sahel-matrix
        type: matrix
        homeserver: ${matrix.homeserver}
        roomId: "${matrix.roomId}"
        token: { file: ${path.join(dir, 'matrix-token')} }
        minPriority: high
        summary: { hour: 7, timeZone: Africa/Tripoli }
`,
  );
  fs.writeFileSync(path.join(dir, 'matrix-token'), `${matrix.token}\n`);
  const env: Record<string, string> = { RASID_RECIPIENTS: path.join(dir, 'recipients.yaml'), RASID_DB: path.join(dir, 'rasid.db'), RASID_SLACK_DESK: slack.webhookUrl };
  return { dir, env, slack, matrix };
}

const secretsOf = (s: SlackReceiver, m: MatrixReceiver) => [s.webhookUrl, 'cQ7xSlackSecretPart9', m.token];

describe('rasid channels', () => {
  it('list: every channel, where it sends with its secrets named, not shown', async () => {
    const { env, slack, matrix } = await setUp();
    const out = await runCli(['channels', 'list'], { env });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('desk-slack (slack) of desk@example.org: Slack incoming webhook ($RASID_SLACK_DESK)');
    expect(out.stdout).toMatch(/sahel-matrix \(matrix\) of team:sahel: Matrix room !rAsIdDesk:matrix\.example\.org on http:\/\/127\.0\.0\.1:\d+ \(token file .*matrix-token\)/);
    expect(out.stdout).toContain('alerts from high, at most 5 per run and 20 per hour, daily summary at 07:00 Africa/Tripoli (from normal)');
    expect(out.stdout).toContain('nothing sent yet');
    const json = await runCli(['channels', 'list', '--json'], { env });
    expect(JSON.parse(json.stdout)).toMatchObject([{ name: 'desk-slack', type: 'slack', ledger: null }, { name: 'sahel-matrix', owner: 'team:sahel' }]);
    for (const secret of secretsOf(slack, matrix)) expect(out.stdout + out.stderr + json.stdout).not.toContain(secret);
    // Listing never creates a database.
    expect(fs.existsSync(env.RASID_DB!)).toBe(false);
  });

  it('test: sends a harmless message and says so; a refusal is said in words with exit 2', async () => {
    const { env, slack, matrix } = await setUp();
    const ok = await runCli(['channels', 'test', 'sahel-matrix'], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^sent a test message to sahel-matrix: Matrix room .* answered 200\n$/);
    expect(matrix.timeline).toHaveLength(1);
    expect(matrix.timeline[0]!.visible).toContain('Rasid test message for channel sahel-matrix');
    slack.archived = true;
    const refused = await runCli(['channels', 'test', 'desk-slack'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/could not send a test message to desk-slack \(Slack incoming webhook \(\$RASID_SLACK_DESK\)\): Slack answered 410 Gone \("channel_is_archived"\): the Slack channel was archived.* — fix the channel and test again/);
    for (const secret of secretsOf(slack, matrix)) expect(ok.stdout + refused.stdout + refused.stderr).not.toContain(secret);
    const unknown = await runCli(['channels', 'test', 'desk-slak'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no channel named "desk-slak" in .*recipients\.yaml \(known: desk-slack, sahel-matrix\)/);
  });

  it('refuses to start when a named secret is missing, naming the variable only', async () => {
    const { env } = await setUp();
    const out = await runCli(['channels', 'list'], { env: { ...env, RASID_SLACK_DESK: '' } });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/recipients\.yaml:4:9: channel desk-slack: its url \(\$RASID_SLACK_DESK\) cannot be read: the environment variable RASID_SLACK_DESK is not set/);
  });

  it('retry: says there is nothing to retry when nothing was given up', async () => {
    const { env } = await setUp();
    const out = await runCli(['channels', 'retry', 'desk-slack'], { env });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toBe('nothing to retry: no message to desk-slack was given up\n');
  });
});

describe('rasid export-feed', () => {
  it('writes the hits of an entry as JSON Feed and of a watchlist as Atom, newest first', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'rasid.db');
    const store = await openStore(db);
    await seed(store, STORIES, new Date('2026-11-28T12:00:00.000Z'));
    await store.close();
    const out = path.join(dir, 'feeds', 'mody.json');
    fs.mkdirSync(path.dirname(out));
    const json = await runCli(['export-feed', '--entry', 'mody-benghazi-trip', '--format', 'json', '--out', out], { env: { RASID_DB: db, RASID_PUBLIC_URL: 'https://rasid.example.org/' } });
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toContain(`wrote 2 hit(s) on Mody's Benghazi trip as JSON Feed 1.1 to ${out}`);
    const feed = JSON.parse(fs.readFileSync(out, 'utf8')) as { home_page_url: string; items: Array<{ id: string; url: string }> };
    expect(feed.home_page_url).toBe('https://rasid.example.org/hits?entry=mody-benghazi-trip');
    expect(feed.items.map((i) => i.url)).toEqual(['https://sahel-hebdo.example/2026/11/28/mody-benghazi', 'https://alwasat.example/news/101']);

    const atom = await runCli(['export-feed', '--watchlist', 'libya-niger-russia'], { env: { RASID_DB: db } });
    expect(atom.code, atom.stderr).toBe(0);
    const parsed = await new Parser().parseString(atom.stdout);
    expect(parsed.items).toHaveLength(8);
    expect(parsed.items.map((i) => Number(i.id!.split(':').pop()))).toEqual([...parsed.items.map((i) => Number(i.id!.split(':').pop()))].sort((a, b) => b - a));
  });

  it.each([
    [['export-feed'], /give exactly one of --entry ID or --watchlist NAME/],
    [['export-feed', '--entry', 'modi'], /--entry modi: no such entry \(known: .*mody-benghazi-trip/],
    [['export-feed', '--watchlist', 'x', '--format', 'rss'], /--format rss: use atom or json[\s\S]*--watchlist x: no such watchlist \(known: libya-niger-russia\)/],
  ])('refuses %j with what to do (exit 1)', async (args, expected) => {
    // A database that is there (empty): without one, "no database yet" is said first.
    const db = path.join(tempDir(), 'rasid.db');
    await (await openStore(db)).close();
    const out = await runCli(args, { env: { RASID_DB: db } });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(expected);
  });
});
