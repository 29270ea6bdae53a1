// Renders a digest to a PNG in headless Chromium so a person can look at it (RTL snippets, marks,
// layout). Not part of `npm test`: it needs Debian's chromium, which CI would install every time.
//
//   npm run preview:png                         # fixture digest → test/visual/out/digest.png
//   npm run preview:png -- --html next.html     # a preview from `rasid digest --preview next.html`
//   npm run preview:png -- --out /tmp/d.png --width 420   # phone width
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RECIPIENT_DEFAULTS } from '../../src/config/recipients.ts';
import { silentLogger } from '../../src/log/create-logger.ts';
import { createTransport } from '../../src/mail/create-transport.ts';
import { planDeliveries } from '../../src/pipeline/deliver-digests.ts';
import { CATALOG, STORIES } from '../fixtures/digest/stories.ts';
import { openStore } from '../../src/store/open-store.ts';
import { seed, tempDir } from '../digest/seed.ts';

const { values } = parseArgs({
  options: {
    html: { type: 'string' },
    out: { type: 'string', default: path.join(import.meta.dirname, 'out', 'digest.png') },
    width: { type: 'string', default: '760' },
    height: { type: 'string', default: '2600' },
  },
});

function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('which', [name], { encoding: 'utf8' });
    if (found.status === 0) return found.stdout.trim();
  }
  return null;
}

/** The digest the fixture stories make, through the real planning path (database, ledger, health). */
async function fixtureDigestHtml(): Promise<string> {
  const dir = tempDir('rasid-visual-');
  const store = await openStore(path.join(dir, 'rasid.db'));
  try {
    await seed(store, STORIES, new Date('2026-11-28T12:00:00.000Z'));
    await store.sql.run(
      "UPDATE feeds SET consecutive_failures = 3, last_error = 'HTTP 503 Service Unavailable', last_error_at = ? WHERE id = 'yug-vesti'",
      ['2026-11-28T12:30:00.000Z'],
    );
    const plans = await planDeliveries({
      store,
      transport: createTransport({ smtpUrl: null, outboxDir: dir }),
      recipients: [{ ...RECIPIENT_DEFAULTS, address: 'desk@example.org', timeZone: 'Africa/Tripoli', alertsInDigest: true }],
      from: 'rasid@example.org',
      now: () => new Date('2026-11-28T13:00:00.000Z'),
      logger: silentLogger(),
      mode: 'now',
      catalog: CATALOG,
    });
    return plans.find((p) => p.message.kind === 'digest')!.message.html;
  } finally {
    await store.close();
  }
}

const chromium = findChromium();
if (!chromium) {
  process.stderr.write('Chromium is not installed. On Debian/Ubuntu: sudo apt-get install -y chromium fonts-noto-core\n');
  process.exit(1);
}
const out = path.resolve(values.out);
fs.mkdirSync(path.dirname(out), { recursive: true });
const htmlFile = values.html ? path.resolve(values.html) : path.join(path.dirname(out), 'digest.html');
if (!values.html) fs.writeFileSync(htmlFile, await fixtureDigestHtml());
execFileSync(
  chromium,
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--hide-scrollbars',
    // Mail clients load no remote content; neither does this rendering.
    '--blink-settings=imagesEnabled=false',
    `--window-size=${values.width},${values.height}`,
    `--screenshot=${out}`,
    `file://${htmlFile}`,
  ],
  { stdio: ['ignore', 'ignore', 'pipe'] },
);
process.stdout.write(`${out}\n`);
