// `rasid demo`: the whole pipeline once, offline. The bundled sample feeds are served on a random
// loopback port, one cycle runs into a fresh demo database with the bundled watchlists, and the
// digest goes to the outbox, so a newcomer sees every stage work without configuring anything.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { defaultRecipient } from '../../config/recipients.ts';
import { serveSamples } from '../../demo/serve-samples.ts';
import { createLogger } from '../../log/create-logger.ts';
import { createTransport } from '../../mail/create-transport.ts';
import { runCycle, type CycleReport } from '../../pipeline/run-cycle.ts';
import { openStore } from '../../store/open-store.ts';
import type { EntryCatalog } from '../../digest/digest-types.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { reportFailure } from '../report-failure.ts';

const DEMO_RECIPIENT = 'analyst@example.org';
/** The sample server is on loopback, which Rasid refuses by default; the demo allows exactly that address. */
const DEMO_NETWORKS = ['127.0.0.1/32'];

export function describeDemo(report: CycleReport, where: { db: string; outbox: string }, catalog: EntryCatalog = new Map()): string {
  const feeds = report.fetch.feeds;
  const ok = feeds.filter((f) => f.status === 'ok').length;
  const lines = [
    '',
    'Rasid demo: one full cycle on the bundled sample feeds',
    `  feeds fetched   ${ok} of ${feeds.length}${feeds.some((f) => f.status === 'failed') ? ' (see the warnings above)' : ''}`,
    `  items new       ${feeds.reduce((n, f) => n + f.itemsNew, 0)} (${feeds.reduce((n, f) => n + f.itemsSeen, 0)} seen; the same story from two feeds is stored once)`,
    `  hits            ${report.match.hitsNew}`,
  ];
  const byEntry = Object.entries(report.match.hitsByEntry).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [entry, n] of byEntry) lines.push(`    ${String(n).padStart(3)}  ${entry.padEnd(22)} ${catalog.get(entry)?.label ?? ''}`.trimEnd());
  lines.push(`  database        ${where.db}`);
  const sent = (report.delivery?.messages ?? []).filter((m) => m.status === 'sent');
  if (sent.length === 0) lines.push('  digest          nothing to send (no hits)');
  else {
    lines.push(`  outbox          ${where.outbox}`);
    for (const m of sent) {
      const html = m.file ? m.file.replace(/\.eml$/, '.html') : '';
      lines.push(`    ${m.kind === 'alert' ? 'alert ' : 'digest'} ${String(m.hitCount).padStart(3)} hits  ${html}`);
    }
  }
  lines.push(
    '',
    'Open the .html files in a browser to read what an analyst receives (the .eml files are the same',
    'messages as sent). `rasid --help` shows what else Rasid does.',
    '',
  );
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('run the whole pipeline once on bundled sample feeds, offline, into ./demo-output')
    .option('--out <dir>', 'folder for the demo database and outbox', './demo-output')
    .addHelpText(
      'after',
      `
The demo serves the bundled sample feeds (Arabic, French, English, Russian; RSS and Atom; one in
windows-1256) on 127.0.0.1, runs fetch → match → store → digest with the bundled watchlists, and
writes the digest (.eml and .html) to <out>/outbox. Each run starts from a fresh demo database.

Example:
  $ npm run demo
  $ rasid demo --out /tmp/rasid-demo`,
    )
    .action(async (opts: { out: string }) => {
      const logger = createLogger();
      const out = path.resolve(opts.out);
      const db = path.join(out, 'rasid-demo.db');
      const outbox = path.join(out, 'outbox');
      // Dates relative to now: served as written (November 2026), every sample feed would look silent.
      const server = await serveSamples({ datesRelativeTo: new Date() });
      try {
        fs.rmSync(out, { recursive: true, force: true });
        fs.mkdirSync(outbox, { recursive: true });
        const config = loadConfig({ watchlists: path.join(PACKAGE_ROOT, 'watchlists') }, {}, { watchlists: true });
        const store = await openStore(db);
        try {
          const report = await runCycle({
            store,
            feeds: server.feeds,
            fetchLimits: { allowNetworks: DEMO_NETWORKS },
            watchlists: config.watchlists,
            logger,
            now: () => new Date(),
            delivery: {
              transport: createTransport({ smtpUrl: null, outboxDir: outbox }),
              recipients: [defaultRecipient(DEMO_RECIPIENT)],
              from: 'rasid-demo@localhost',
              mode: 'now',
              catalog: config.catalog,
            },
          });
          process.stdout.write(describeDemo(report, { db, outbox }, config.catalog));
          process.exitCode = EXIT_OK;
        } finally {
          await store.close();
        }
      } catch (err) {
        process.exitCode = reportFailure(err, logger);
      } finally {
        await server.close();
      }
    });
}
