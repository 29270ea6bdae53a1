// Pending hits → messages → transport → ledger, each hit to each recipient exactly once.
//
// Every message is recorded as `sending`, with its Message-ID, before the transport sees it, and
// turned into `sent` with its ledger rows in one transaction after the transport accepted it.
// Crash window rule: a message still `sending` at the next run is sent again, exactly as it was
// composed the first time (subject, parts, Date and Message-ID are frozen in its ledger row), then
// recorded. We choose "resend, same Message-ID" over "assume it went out" because a monitoring mail
// lost silently is worse than a duplicate that mail systems recognise: receivers (Gmail among them)
// and most clients collapse messages with one Message-ID into one. A failed send is the same case
// (the server may have taken the message before the connection broke): the message stays `sending`
// and goes out again, unchanged, on the next run; new hits meanwhile go into a new message.
import { randomUUID } from 'node:crypto';
import { channelHealthLines, givenUp, GIVEN_UP_REPORTED_DAYS, type GivenUpMessage } from '../channels/channel-health.ts';
import { isSubscribed, type Recipient } from '../config/recipients.ts';
import { composeAlert, composeDigest } from '../digest/compose-digest.ts';
import type { ComposedMessage, EntryCatalog } from '../digest/digest-types.ts';
import { isDigestDue } from '../digest/schedule.ts';
import { sourceHealth } from '../digest/source-health.ts';
import type { Logger } from '../log/create-logger.ts';
import type { MailMessage, MailTransport } from '../mail/mail-transport.ts';
import { failedChannelMessages } from '../store/channel-ledger.ts';
import { alertedHitsSince, alertsForArticles, articleEntries, hitsByIds, pendingHitsFor } from '../store/hit-queries.ts';
import {
  beginDelivery,
  completeDelivery,
  failDelivery,
  feedHealthRows,
  recipientActivity,
  lastSent,
  ledgerKey,
  noteDeliveryError,
  openDeliveries,
  type DeliveryRecord,
  type FeedHealthRow,
  type FrozenMessage,
} from '../store/ledger-repo.ts';
import type { HeldLease, Lease } from '../store/leases-repo.ts';
import type { Store } from '../store/open-store.ts';
import type { PendingHit } from '../types.ts';
import type { ChannelReport } from './deliver-alerts.ts';

export interface DeliveryDeps {
  store: Store;
  transport: MailTransport;
  recipients: Recipient[];
  from: string;
  now: () => Date;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** `scheduled`: digests at each recipient's hour; `now`: every recipient's pending hits now. Alerts go out in both. */
  mode: 'scheduled' | 'now';
  /** Compose and report who would get what; send and record nothing. */
  dryRun?: boolean;
  /** Entry labels and watchlists (subscriptions by watchlist, readable subjects). */
  catalog?: EntryCatalog;
  /** A recipient never written to before gets hits of at most this many days (default 7). */
  backlogDays?: number;
  /** A feed without a new item for this long is listed as silent (default 72). */
  silentAfterHours?: number;
  /**
   * Workers sharing a database send each recipient's messages under a per-recipient lease; a
   * recipient whose lease another worker holds is left to it. Absent: this process sends to all.
   */
  recipientLease?: (address: string) => Promise<{ acquired: true; held: HeldLease } | { acquired: false; heldBy: Lease }>;
  /** How long to keep trying a recipient whose lease another worker holds (default 60 s). */
  recipientWaitMs?: number;
}

export interface DeliveryMessageReport {
  recipient: string;
  kind: 'digest' | 'alert';
  hitCount: number;
  status: 'sent' | 'failed' | 'skipped';
  error?: string;
  file?: string;
  subject?: string;
  messageId?: string;
  /** A message left `sending` by an earlier run, sent again with its Message-ID. */
  resumed?: boolean;
}

export interface DeliveryReport {
  messages: DeliveryMessageReport[];
  sent: number;
  failed: number;
  /** Chat and push channels (deliver-alerts.ts), when any are configured. */
  channels?: ChannelReport;
}

export interface PlannedMessage {
  recipient: Recipient;
  message: ComposedMessage;
  /** Set when this is a message left `sending` by an earlier run. */
  resume?: DeliveryRecord;
  /** The message as first composed, for a resume: sent again unchanged. */
  frozen?: FrozenMessage;
  /** Chosen while planning when a digest of the same run links to this message (an alert). */
  messageId?: string;
}

const DAY_MS = 24 * 3600_000;

function messageIdFor(from: string): string {
  const domain = (from.split('@')[1] ?? 'localhost').toLowerCase().replace(/[^a-z0-9.-]/g, '') || 'localhost';
  return `<rasid.${randomUUID()}@${domain}>`;
}

function composeOptions(deps: DeliveryDeps, recipient: Recipient, now: Date, lastDigestAt: string | null, feeds: FeedHealthRow[], channels: GivenUpMessage[]) {
  return {
    timeZone: recipient.timeZone,
    maxPerEntry: recipient.maxPerEntry,
    catalog: deps.catalog ?? new Map(),
    // Channels first: a given-up alert is a hit someone did not get.
    health: [...channelHealthLines(channels, lastDigestAt), ...sourceHealth(feeds, { now, lastDigestAt, silentAfterHours: deps.silentAfterHours })],
    now,
  };
}

/**
 * The oldest hit a recipient can still receive. A recipient new to the ledger, or back after a long
 * absence from the recipients list, gets the last `backlogDays` only, not the archive; one we kept
 * trying to reach (an SMTP outage) gets everything since its last delivered message.
 */
export function backlogStart(
  activity: { lastAttemptAt: string | null; lastSentAt: string | null },
  now: Date,
  backlogDays: number,
): string {
  const window = new Date(now.getTime() - backlogDays * DAY_MS).toISOString();
  const active = activity.lastAttemptAt !== null && activity.lastAttemptAt >= window;
  if (!active) return window;
  if (activity.lastSentAt === null) return '';
  // A day of margin for hits stored while that last message was being composed and sent.
  const sinceLastSent = new Date(Date.parse(activity.lastSentAt) - DAY_MS).toISOString();
  return sinceLastSent < window ? sinceLastSent : window;
}

/** What each recipient gets in this run, composed but not sent. */
export async function planDeliveries(deps: DeliveryDeps, only?: Recipient[]): Promise<PlannedMessage[]> {
  const now = deps.now();
  const catalog = deps.catalog ?? new Map();
  const watchlistOf = (entry: string) => catalog.get(entry)?.watchlist;
  const plans: PlannedMessage[] = [];
  const unknown = [...new Set(deps.recipients.flatMap((r) => r.watchlists))].filter(
    (w) => ![...catalog.values()].some((e) => e.watchlist === w),
  );
  if (unknown.length > 0) {
    deps.logger.warn(
      { watchlists: unknown },
      `recipients subscribe to watchlists with no loaded entries (${unknown.join(', ')}): check the names in the recipients file`,
    );
  }

  // The feeds' health columns are the same for every recipient: read once per run.
  const feeds = await feedHealthRows(deps.store);
  // So are chat and push channels that refused messages until they were given up.
  const channels = givenUp(await failedChannelMessages(deps.store, new Date(now.getTime() - GIVEN_UP_REPORTED_DAYS * DAY_MS).toISOString()));
  for (const recipient of only ?? deps.recipients) {
    const lastDigestAt = await lastSent(deps.store, recipient.address, 'digest');
    const options = composeOptions(deps, recipient, now, lastDigestAt, feeds, channels);

    for (const open of await openDeliveries(deps.store, recipient.address)) {
      const hits = await hitsByIds(deps.store, open.hitIds);
      // Hits are never deleted while the ledger points at them; if they were, the message has nothing left to carry.
      if (open.hitIds.length > 0 && hits.length === 0) {
        if (!deps.dryRun) await failDelivery(deps.store, open.id, 'its hits no longer exist', 'superseded');
        continue;
      }
      const resume = { ...open, hitIds: hits.map((h) => h.hitId) };
      if (open.message) {
        // Sent again exactly as the first attempt composed it.
        const { subject, html, text } = open.message;
        const message: ComposedMessage = { kind: open.kind, subject, html, text, hitIds: resume.hitIds, hitCount: resume.hitIds.length, sections: [] };
        plans.push({ recipient, message, resume, frozen: open.message });
        continue;
      }
      // A row written before messages were frozen: composed again from the same hits, subject and date.
      const compose = open.kind === 'alert' ? composeAlert : composeDigest;
      const message = compose(hits, { ...options, now: new Date(open.createdAt) });
      plans.push({ recipient, message: { ...message, subject: open.subject ?? message.subject }, resume });
    }

    const since = backlogStart(await recipientActivity(deps.store, recipient.address), now, deps.backlogDays ?? 7);
    const pending = (await pendingHitsFor(deps.store, recipient.address, { since })).filter((h) => isSubscribed(recipient, h, watchlistOf));
    const entriesOf = await articleEntries(deps.store, pending.map((h) => h.article.id));

    let forDigest: PendingHit[] = pending;
    let critical: PendingHit[] = [];
    let alertId: string | null = null;
    if (recipient.alerts) {
      critical = pending.filter((h) => h.priority === 'critical');
      if (critical.length > 0) {
        alertId = messageIdFor(deps.from);
        plans.push({ recipient, message: composeAlert(critical, { ...options, articleEntries: entriesOf }), messageId: alertId });
      }
      forDigest = pending.filter((h) => h.priority !== 'critical');
    }

    const due = deps.mode === 'now' || isDigestDue(recipient, now, lastDigestAt);
    if (!due) continue;
    // Repeated on request: alerts sent since the last digest, and the one going out in this run.
    const alreadyAlerted = recipient.alerts && recipient.alertsInDigest
      ? [...(await alertedHitsSince(deps.store, recipient.address, lastDigestAt)), ...critical]
      : [];
    // An empty digest only makes sense as the daily "nothing new" of a recipient with an hour.
    const wantsEmpty = recipient.sendEmpty && recipient.hour !== null && isDigestDue(recipient, now, lastDigestAt);
    if (forDigest.length === 0 && alreadyAlerted.length === 0 && !wantsEmpty) continue;
    // An article alerted through one entry and pending under others is shown once more, marked as
    // alerted with a link to that alert: its other hits reach the recipient once, here.
    const alertedArticles = await alertsForArticles(deps.store, recipient.address, forDigest.map((h) => h.article.id));
    if (alertId) for (const h of critical) if (!alertedArticles.has(h.article.id)) alertedArticles.set(h.article.id, { at: now.toISOString(), messageId: alertId });
    plans.push({ recipient, message: composeDigest(forDigest, { ...options, alreadyAlerted, articleEntries: entriesOf, alertedArticles }) });
  }
  return plans;
}

function toMailMessage(deps: DeliveryDeps, plan: PlannedMessage, messageId: string, date: Date): MailMessage {
  return {
    from: deps.from,
    to: plan.recipient.address,
    ...(plan.recipient.name ? { toName: plan.recipient.name } : {}),
    subject: plan.message.subject,
    html: plan.message.html,
    text: plan.message.text,
    messageId,
    date,
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Rasid-Kind': plan.message.kind,
      'X-Rasid-Hits': String(plan.message.hitIds.length),
    },
  };
}

export async function deliverDigests(deps: DeliveryDeps): Promise<DeliveryReport> {
  const report: DeliveryReport = { messages: [], sent: 0, failed: 0 };
  if (!deps.recipientLease) {
    for (const plan of await planDeliveries(deps)) await sendPlanned(deps, plan, report);
    return report;
  }
  // A recipient another worker is sending to is tried again once it is done, for a while: that
  // worker planned its message before this one's hits were matched, and leaving them would hold
  // them back until the next run.
  let waiting = deps.recipients;
  const giveUpAt = Date.now() + (deps.recipientWaitMs ?? 60_000);
  while (waiting.length > 0) {
    const busy: Recipient[] = [];
    for (const recipient of waiting) {
      const lease = await deps.recipientLease(recipient.address);
      if (!lease.acquired) {
        busy.push(recipient);
        continue;
      }
      try {
        // Planned under the lease: what another worker sent a moment ago is no longer pending.
        for (const plan of await planDeliveries(deps, [recipient])) await sendPlanned(deps, plan, report);
      } finally {
        await lease.held.release();
      }
    }
    if (busy.length > 0 && Date.now() >= giveUpAt) {
      deps.logger.info({ recipients: busy.map((r) => r.address) }, `left ${busy.length} recipient(s) to the worker sending to them now; anything still pending goes out next run`);
      break;
    }
    if (busy.length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    waiting = busy;
  }
  return report;
}

async function sendPlanned(deps: DeliveryDeps, plan: PlannedMessage, report: DeliveryReport): Promise<void> {
  const base = {
    recipient: plan.recipient.address,
    kind: plan.message.kind,
    hitCount: plan.message.hitIds.length,
    subject: plan.message.subject,
    ...(plan.resume ? { resumed: true } : {}),
  };
  if (deps.dryRun) {
    report.messages.push({ ...base, status: 'skipped' });
    return;
  }
  const messageId = plan.resume?.messageId ?? plan.messageId ?? messageIdFor(deps.from);
  const date = plan.frozen ? new Date(plan.frozen.date) : plan.resume ? new Date(plan.resume.createdAt) : deps.now();
  // A storage error here ends the run before anything was sent: nothing to undo.
  const digestId =
    plan.resume?.id ??
    (await beginDelivery(
      deps.store,
      {
        recipient: plan.recipient.address,
        kind: plan.message.kind,
        messageId,
        hitIds: plan.message.hitIds,
        subject: plan.message.subject,
        frozen: { subject: plan.message.subject, html: plan.message.html, text: plan.message.text, date: date.toISOString() },
      },
      date,
    ));
  let error: string | null = null;
  let file: string | undefined;
  try {
    const result = await deps.transport.send(toMailMessage(deps, plan, messageId, date));
    file = result.file;
    if (!result.accepted.some((a) => ledgerKey(a) === ledgerKey(plan.recipient.address))) {
      error = `the server refused ${plan.recipient.address}`;
    }
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  if (error !== null) {
    // The message stays `sending`, frozen: the next run sends it again unchanged, same Message-ID
    // (the server may have taken it before the connection broke).
    await noteDeliveryError(deps.store, digestId, error);
    deps.logger.warn(
      { recipient: plan.recipient.address, kind: plan.message.kind, hits: base.hitCount },
      `could not send ${plan.message.kind} to ${plan.recipient.address}: ${error} (its hits stay pending; the same message is sent again next run)`,
    );
    report.messages.push({ ...base, status: 'failed', error, messageId });
    report.failed++;
    return;
  }
  // A crash between the send above and this commit leaves the row `sending`: the next run resends it.
  await completeDelivery(deps.store, digestId, deps.now(), plan.resume?.hitIds);
  deps.logger.info({ recipient: plan.recipient.address, kind: plan.message.kind, hits: base.hitCount, file }, `sent ${plan.message.kind} to ${plan.recipient.address}`);
  report.messages.push({ ...base, status: 'sent', messageId, ...(file ? { file } : {}) });
  report.sent++;
}
