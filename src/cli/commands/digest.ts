// `rasid digest`: send pending hits now (or preview / dry-run them). A manual run sends every
// recipient's pending hits at once, whatever their digest hour; `--scheduled` does what `rasid run`
// does (only digests whose local hour has come). Critical alerts go out in both.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { defaultRecipient, type Recipient } from '../../config/recipients.ts';
import { ConfigError } from '../../errors.ts';
import { createTransport } from '../../mail/create-transport.ts';
import { deliverDigests, planDeliveries, type DeliveryDeps, type DeliveryReport } from '../../pipeline/deliver-digests.ts';
import { runDigestJob } from '../../daemon/digest-job.ts';
import type { CycleReport } from '../../pipeline/run-cycle.ts';
import { newLeaseHolder } from '../../store/leases-repo.ts';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes.ts';
import { withRunContext } from '../run-context.ts';

interface DigestOptions {
  dryRun?: boolean;
  preview?: string;
  scheduled?: boolean;
  to?: string;
  json?: boolean;
}

function pickRecipients(all: Recipient[], to: string | undefined): Recipient[] {
  if (!to) return all;
  const chosen = all.filter((r) => r.address.toLowerCase() === to.trim().toLowerCase());
  if (chosen.length === 0) {
    throw new ConfigError([`--to ${to}: not a configured recipient (known: ${all.map((r) => r.address).join(', ') || 'none'})`]);
  }
  return chosen;
}

function printReport(report: DeliveryReport, dryRun: boolean): void {
  if (report.messages.length === 0) {
    process.stdout.write('Nothing to send: no pending hits for any recipient (or no digest due).\n');
    return;
  }
  for (const m of report.messages) {
    const verb = dryRun ? 'would send' : m.status === 'sent' ? 'sent' : m.status;
    const where = m.file ? ` → ${m.file}` : '';
    const why = m.error ? ` (${m.error}; its hits stay pending)` : '';
    const again = m.resumed ? ' [resent: the same message as an earlier attempt that failed or was interrupted]' : '';
    process.stdout.write(`${verb} ${m.kind} to ${m.recipient}: ${m.hitCount} hit(s) — ${m.subject ?? ''}${again}${where}${why}\n`);
  }
  if (!dryRun) process.stdout.write(`${report.sent} sent, ${report.failed} failed\n`);
}

export function register(program: Command): void {
  program
    .command('digest')
    .description('send pending hits as digests (and critical alerts) now; or preview / dry-run them')
    .option('--dry-run', 'say who would get what; send and record nothing')
    .option('--preview <file>', 'write the next digest as HTML to FILE ("-" for stdout) without sending or marking anything')
    .option('--scheduled', "send digests only to recipients whose local digest hour has come (as `rasid run` does)")
    .option('--to <address>', 'only this configured recipient (with --preview: whose digest to show)')
    .option('--json', 'print the delivery report as JSON')
    .option('--recipients <file>', 'recipients file, YAML (env RASID_RECIPIENTS, default ./recipients.yaml if it exists)')
    .option('--outbox <dir>', 'folder for messages when SMTP_URL is unset (env RASID_OUTBOX, default ./outbox)')
    .addHelpText(
      'after',
      `
Recipients come from the recipients file, or else from RASID_DIGEST_TO (comma-separated). Messages go
to SMTP_URL, or to the outbox folder (.eml + .html) when it is unset. Each hit reaches each recipient
once: a hit is marked delivered only after the server accepted the message.

Exit status: 0 sent, or nothing to send; 2 sending failed (those hits stay pending for the next run);
1 bad usage or configuration: nobody configured to receive, a subscription to an entry or watchlist
that does not exist, a mistake in the recipients file or the watchlists.

Examples:
  $ RASID_DIGEST_TO=desk@example.org rasid digest            # write pending hits to ./outbox
  $ SMTP_URL=smtp://user:pass@mail.example.org:587 rasid digest
  $ rasid digest --dry-run                                   # who would get what
  $ rasid digest --preview next.html --to desk@example.org   # look before sending
  $ rasid digest --scheduled                                 # only digests due at this hour`,
    )
    .action(async (opts: DigestOptions, cmd: Command) =>
      // The watchlists are read to check every subscription (a typo would mean no mail); a preview
      // with nobody configured shows what a recipient of every entry would get.
      withRunContext(cmd, { mail: true, watchlists: true, recipients: !opts.preview }, async ({ config, store, logger }) => {
        const { catalog } = config;
        let recipients = pickRecipients(config.recipients, opts.to);
        const deps: DeliveryDeps = {
          store,
          transport: createTransport({ smtpUrl: config.smtpUrl, outboxDir: config.paths.outbox }),
          recipients,
          from: config.mailFrom,
          now: () => new Date(),
          logger,
          mode: opts.scheduled ? 'scheduled' : 'now',
          dryRun: Boolean(opts.dryRun),
          catalog,
        };

        if (opts.preview) {
          // With nobody configured, preview what a recipient of every entry would get.
          if (recipients.length === 0) recipients = [defaultRecipient('preview@localhost')];
          const plans = await planDeliveries({ ...deps, recipients: recipients.slice(0, 1), mode: 'now', dryRun: true });
          const plan = plans.find((p) => p.message.kind === 'digest') ?? plans[0];
          const html = plan?.message.html ?? '';
          if (opts.preview === '-') process.stdout.write(html);
          else {
            fs.mkdirSync(path.dirname(path.resolve(opts.preview)), { recursive: true });
            fs.writeFileSync(opts.preview, html);
          }
          process.stderr.write(
            plan
              ? `preview of the ${plan.message.kind} for ${plan.recipient.address}: ${plan.message.hitIds.length} hit(s) — ${plan.message.subject}${opts.preview === '-' ? '' : ` → ${opts.preview}`}\n`
              : 'nothing pending: the preview is empty\n',
          );
          deps.transport.close();
          return EXIT_OK;
        }

        if (deps.dryRun) {
          const report = await deliverDigests(deps);
          deps.transport.close();
          if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          else printReport(report, true);
          return EXIT_OK;
        }
        // The same `digest` lease as `rasid run` and the daemon (per recipient on PostgreSQL): two
        // processes never send the same hits. Recorded as a run, so `rasid status` shows manual sends too.
        let job: CycleReport;
        try {
          job = await runDigestJob({ ...deps, leaseHolder: newLeaseHolder() });
        } finally {
          deps.transport.close();
        }
        const busy = job.skipped.find((s) => s.because === 'busy');
        if (busy || !job.delivery) {
          process.stderr.write(`rasid: ${busy?.reason ?? 'nothing was sent'}; that process sends these hits too\n`);
          return EXIT_OK;
        }
        const report: DeliveryReport = job.delivery;
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else printReport(report, false);
        return report.failed > 0 ? EXIT_FAILED : EXIT_OK;
      // A preview or dry run only reads: without a database it says so instead of creating an empty one.
      }, { readOnly: Boolean(opts.preview || opts.dryRun) }),
    );
}
