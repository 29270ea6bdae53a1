// Screenshots of the web UI's main pages at desktop and phone width, for the README:
//   npm run screenshots                   # → docs/screenshots/*.png
//   npm run screenshots -- --out /tmp/s   # elsewhere
// The archive is the demo's: the bundled sample feeds (four languages) fetched and matched into a
// temp database with the shipped watchlists, plus a feed that fails so the health table shows one.
// Needs Debian's Chromium (apt-get install -y chromium); nothing is downloaded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config/load-config.ts';
import { resolvePaths } from '../../src/config/paths.ts';
import { serveSamples } from '../../src/demo/serve-samples.ts';
import { silentLogger } from '../../src/log/create-logger.ts';
import { runCycle } from '../../src/pipeline/run-cycle.ts';
import { openStore } from '../../src/store/open-store.ts';
import { webDeps } from '../../src/web/serve-web.ts';
import { startWebServer } from '../../src/web/start-web-server.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../web/chromium.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(ROOT, 'docs', 'screenshots') } } });
const PASSWORD = 'screenshot password';

if (!fs.existsSync(CHROMIUM)) {
  process.stderr.write(`screenshots need Chromium at ${CHROMIUM}: apt-get install -y chromium\n`);
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-screens-'));
const samples = await serveSamples();
const feedsYaml = [
  '# The demo feeds (bundled samples served on loopback) and one that fails.',
  'defaults:',
  '  interval: 0',
  '  fetch: { allowPrivateNetworks: true, retries: 0 }',
  'feeds:',
  ...samples.feeds.flatMap((f) => [`  - url: ${f.url}`, `    id: ${f.id}`, `    title: "${f.title}"`, `    language: ${f.language}`]),
  `  - url: ${samples.baseUrl}/sahel-radio/rss`,
  '    id: sahel-radio',
  '    title: Radio Sahel',
  '    language: fr',
  '',
].join('\n');
fs.writeFileSync(path.join(dir, 'feeds.yaml'), feedsYaml);
fs.cpSync(path.join(ROOT, 'watchlists'), path.join(dir, 'watchlists'), { recursive: true });
fs.writeFileSync(
  path.join(dir, 'recipients.yaml'),
  'defaults:\n  timeZone: Africa/Tripoli\n  hour: 7\nrecipients:\n  - address: desk@example.org\n  - address: energy@example.org\n    entries: [agadem]\n    timeZone: Europe/Paris\n    hour: 8\n',
);
const paths = resolvePaths({}, { RASID_DB: path.join(dir, 'rasid.db'), RASID_FEEDS: path.join(dir, 'feeds.yaml'), RASID_WATCHLISTS: path.join(dir, 'watchlists'), RASID_RECIPIENTS: path.join(dir, 'recipients.yaml'), RASID_OUTBOX: path.join(dir, 'outbox') }, dir);
const store = await openStore(paths.db);
const config = loadConfig({ db: paths.db, feeds: paths.feeds, watchlists: paths.watchlists }, {}, { feeds: true, watchlists: true });
for (let i = 0; i < 3; i++) await runCycle({ store, feeds: config.feeds, fetchLimits: config.fetchLimits, watchlists: config.watchlists, logger: silentLogger(), now: () => new Date() });

const server = await startWebServer({ host: '127.0.0.1', port: 0 }, webDeps({ store, paths, env: { RASID_WEB_PASSWORD: PASSWORD, RASID_WEB_TIME_ZONE: 'Africa/Tripoli' }, logger: silentLogger() }));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
fs.mkdirSync(values.out!, { recursive: true });
const shots: string[] = [];

async function shoot(page: Page, name: string, prepare: (page: Page) => Promise<void>): Promise<void> {
  for (const [label, width] of [['desktop', 1280], ['phone', 390]] as const) {
    await page.setViewportSize({ width, height: label === 'phone' ? 844 : 900 });
    await prepare(page);
    const file = path.join(values.out!, `${name}-${label}.png`);
    await page.screenshot({ path: file });
    shots.push(path.relative(ROOT, file));
  }
}

try {
  const context = await browser.newContext({ timezoneId: 'Africa/Tripoli', locale: 'en-GB' });
  const page = await context.newPage();
  const go = (where: string) => async (p: Page) => void (await p.goto(`${server.url}${where}`));
  await shoot(page, 'login', go('/login'));
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL('**/hits'), page.click('button[type=submit]')]);
  await shoot(page, 'hits', go('/hits'));
  await shoot(page, 'search', go(`/search?q=${encodeURIComponent('حفتر')}`));
  await shoot(page, 'watchlists', go('/watchlists'));
  await shoot(page, 'entry', async (p) => {
    await p.goto(`${server.url}/watchlists/entries/mody`);
    await p.fill('#f-aliases-fr', 'Salifou Mody\nSalifou Moudi\nSalifou Moudy');
    await Promise.all([p.waitForLoadState('load'), p.click('button[value=backtest]')]);
    await p.locator('#backtest-results').scrollIntoViewIfNeeded();
  });
  await shoot(page, 'feeds', go('/feeds'));
  await shoot(page, 'recipients', go('/recipients'));
  await shoot(page, 'digest-preview', go('/recipients/preview?address=desk%40example.org'));
  process.stdout.write(`${shots.length} screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}\n`);
} finally {
  await browser.close();
  await server.close();
  await samples.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
