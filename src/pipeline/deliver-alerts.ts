// Hits → chat and push channels, each hit once per channel. The mail ledger's two steps, per channel
// message: the message is rendered once, and the rendered request and its idempotency key are
// recorded as `sending` before the request leaves; a 2xx makes it `sent` with one ledger row per
// hit. A failed send keeps that exact request for the next attempt (backoff, or the service's
// Retry-After), so a retry — also one after a crash — sends the same bytes with the same key.
// Crash window: the service answered 2xx and the process died before the ledger write; the next
// run resends the frozen request. Matrix (txnId), ntfy (sequence id) and our webhook (delivery id)
// recognise it; Slack, Teams, Discord and Telegram have no such key and may show it twice.
import { randomUUID } from 'node:crypto';
import type { ChannelConfig } from '../channels/channel-config.ts';
import type { Channel, ChannelMessage, SendOutcome } from '../channels/channel-types.ts';
import type { ChannelRuntime } from '../channels/channel-sender.ts';
import { composeChannelMessage } from '../channels/compose-channel-message.ts';
import { createChannel, defaultRuntime } from '../channels/create-channel.ts';
import { inRunDelayMs, nextStep } from '../channels/retry-policy.ts';
import { isSubscribed, RECIPIENT_DEFAULTS } from '../config/recipients.ts';
import type { EntryCatalog } from '../digest/digest-types.ts';
import { isDigestDue } from '../digest/schedule.ts';
import type { Logger } from '../log/create-logger.ts';
import {
  beginChannelMessage,
  channelFirstMessageAt,
  channelMessagesSince,
  claimedHitIds,
  completeChannelMessage,
  deferChannelMessage,
  giveUpChannelMessage,
  lastChannelSent,
  markChannelAttempt,
  openChannelMessages,
  recentHitIds,
  type ChannelMessageKind,
  type ChannelMessageRecord,
  type FrozenRequest,
} from '../store/channel-ledger.ts';
import { hitsByIds } from '../store/hit-queries.ts';
import type { HeldLease, Lease } from '../store/leases-repo.ts';
import type { Store } from '../store/open-store.ts';
import { PRIORITIES, type PendingHit, type Priority } from '../types.ts';
import type { CyclePoint } from './crash-point.ts';

/** What the configuration gives channel delivery (load-config.ts): the channels and the web UI's address. */
export interface ChannelSettings {
  channels: ChannelConfig[];
  publicUrl: string | null;
}

export interface AlertDeliveryDeps extends ChannelSettings {
  store: Store;
  catalog?: EntryCatalog;
  now: () => Date;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** HTTP and secrets; the real ones by default. */
  runtime?: Partial<ChannelRuntime>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  checkpoint?: (point: CyclePoint) => void;
  /** A channel new to the ledger gets hits of at most this many days (default 1). */
  backlogDays?: number;
  /** Tries of one send within a run before the next attempt is left to a later run (default 3). */
  triesPerRun?: number;
  /** The longest pause a run makes for a retry; a longer Retry-After is honoured by a later run (default 5 s). */
  maxPauseMs?: number;
  signal?: AbortSignal;
  /**
   * Workers sharing a database serve each channel under a per-channel lease; a channel whose lease
   * another worker holds is left to it. Absent: this process serves every channel.
   */
  channelLease?: (name: string) => Promise<{ acquired: true; held: HeldLease } | { acquired: false; heldBy: Lease }>;
}

export interface ChannelMessageReport {
  channel: string;
  kind: ChannelMessageKind;
  hitCount: number;
  status: 'sent' | 'retry' | 'failed-permanently';
  /** Why it did not go out, in words (no secrets). */
  error?: string;
  /** When the next attempt is due (status retry). */
  nextAttemptAt?: string;
  /** A message an earlier run could not finish, sent again with its frozen request. */
  resumed?: boolean;
}

export interface ChannelReport {
  messages: ChannelMessageReport[];
  sent: number;
  waiting: number;
  failed: number;
}

const DAY_MS = 24 * 3600_000;
const HOUR_MS = 3600_000;
const SHOW_IN_ALERT = 3;
const SHOW_IN_SUMMARY = 5;

interface ChannelRun {
  deps: AlertDeliveryDeps;
  config: ChannelConfig;
  channel: Channel;
  report: ChannelReport;
  /** False once the service failed transiently in this run: the rest waits for a later run. */
  reachable: boolean;
}

const atLeast = (p: Priority) => PRIORITIES.slice(PRIORITIES.indexOf(p));

/** Hits this channel has not had (nor has on its way) for `kind`, within its subscription. */
async function pendingFor(run: ChannelRun, kind: ChannelMessageKind, minPriority: Priority, now: Date): Promise<PendingHit[]> {
  const { store, catalog } = run.deps;
  const { config } = run;
  // Stable across outages: counted from the channel's first message, so a long outage loses nothing.
  const first = await channelFirstMessageAt(store, config.name);
  const since = new Date((first ? Date.parse(first) : now.getTime()) - (run.deps.backlogDays ?? 1) * DAY_MS).toISOString();
  const claimed = await claimedHitIds(store, config.name, kind);
  const ids = (await recentHitIds(store, since, atLeast(minPriority))).filter((id) => !claimed.has(id));
  if (ids.length === 0) return [];
  const who = { ...RECIPIENT_DEFAULTS, address: config.owner, ...config.subscription, minPriority };
  const watchlistOf = (entry: string) => catalog?.get(entry)?.watchlist;
  return (await hitsByIds(store, ids)).filter((h) => isSubscribed(who, h, watchlistOf));
}

function record(run: ChannelRun, entry: ChannelMessageReport): void {
  run.report.messages.push(entry);
  if (entry.status === 'sent') run.report.sent++;
  else if (entry.status === 'retry') run.report.waiting++;
  else run.report.failed++;
}

/** Sends a frozen request (a few tries in the run), then records what happened. */
async function attempt(run: ChannelRun, message: Pick<ChannelMessageRecord, 'id' | 'kind' | 'hitIds' | 'request' | 'attempts' | 'refusals'>, resumed: boolean): Promise<void> {
  const { deps, config } = run;
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const base = { channel: config.name, kind: message.kind, hitCount: message.hitIds.length, ...(resumed ? { resumed } : {}) };
  for (let tries = 1; ; tries++) {
    const outcome: SendOutcome = await run.channel.send(message.request);
    if (outcome.outcome === 'sent') {
      (deps.checkpoint ?? (() => {}))('after-channel-send');
      await completeChannelMessage(deps.store, message.id, deps.now());
      deps.logger.info({ channel: config.name, kind: message.kind, hits: base.hitCount }, `sent ${message.kind} to channel ${config.name}`);
      return record(run, { ...base, status: 'sent' });
    }
    if (outcome.outcome === 'retry-later' && tries < (deps.triesPerRun ?? 3) && !deps.signal?.aborted) {
      const pause = inRunDelayMs(outcome, tries - 1, random);
      if (pause <= (deps.maxPauseMs ?? 5000)) {
        await sleep(pause);
        continue;
      }
    }
    if (outcome.outcome === 'retry-later') run.reachable = false;
    const step = nextStep(outcome, message, config.retry, deps.now(), random);
    if (step.kind === 'give-up') {
      await giveUpChannelMessage(deps.store, message.id, outcome.reason);
      deps.logger.error({ channel: config.name, kind: message.kind, hits: base.hitCount }, `gave up a ${message.kind} to channel ${config.name}: ${outcome.reason} (its hits are listed by \`rasid status\`; \`rasid channels retry ${config.name}\` sends it again)`);
      return record(run, { ...base, status: 'failed-permanently', error: outcome.reason });
    }
    await deferChannelMessage(deps.store, message.id, { at: step.at, error: outcome.reason, refused: step.refused });
    deps.logger.warn({ channel: config.name, kind: message.kind, hits: base.hitCount }, `could not send ${message.kind} to channel ${config.name}: ${outcome.reason} (tried again from ${step.at.toISOString()})`);
    return record(run, { ...base, status: 'retry', error: outcome.reason, nextAttemptAt: step.at.toISOString() });
  }
}

async function sendNew(run: ChannelRun, kind: ChannelMessageKind, message: ChannelMessage): Promise<void> {
  const { deps, config } = run;
  const idempotencyKey = `rasid-${randomUUID()}`;
  const request: FrozenRequest = run.channel.render(message, idempotencyKey);
  // A storage error here ends the run before anything was sent: nothing to undo.
  const id = await beginChannelMessage(deps.store, { channel: config.name, owner: config.owner, kind, idempotencyKey, hitIds: message.hitIds, request }, deps.now());
  await attempt(run, { id, kind, hitIds: message.hitIds, request, attempts: 1, refusals: 0 }, false);
}

async function deliverToChannel(run: ChannelRun): Promise<void> {
  const { deps, config } = run;
  const now = deps.now();
  const nowIso = now.toISOString();
  const open = await openChannelMessages(deps.store, config.name);
  for (const m of open.filter((x) => x.status === 'sending' || (x.nextAttemptAt ?? '') <= nowIso)) {
    if (!run.reachable || deps.signal?.aborted) return;
    await markChannelAttempt(deps.store, m.id, deps.now());
    await attempt(run, { ...m, attempts: m.attempts + 1 }, true);
  }
  // A service that failed or asked for a pause gets nothing new until then; the hits wait and go together.
  const paused = open.some((x) => x.status === 'retry' && x.refusals === 0 && (x.nextAttemptAt ?? '') > nowIso);
  if (!run.reachable || paused || deps.signal?.aborted) return;

  const sentLastHour = await channelMessagesSince(deps.store, config.name, new Date(now.getTime() - HOUR_MS).toISOString());
  let budget = Math.min(config.maxPerRun, config.maxPerHour - sentLastHour);
  const compose = (hits: PendingHit[], kind: 'alert' | 'summary') =>
    composeChannelMessage(hits, { kind, catalog: deps.catalog ?? new Map(), now, timeZone: config.timeZone, showAtMost: kind === 'alert' ? SHOW_IN_ALERT : SHOW_IN_SUMMARY, publicUrl: deps.publicUrl });

  const alerts = budget > 0 ? await pendingFor(run, 'alert', config.minPriority, now) : [];
  // Within the budget each hit is its own message; a larger burst is one message with "and N more".
  const groups = alerts.length <= budget ? alerts.map((h) => [h]) : [alerts];
  for (const group of groups) {
    if (!run.reachable || deps.signal?.aborted) return;
    budget--;
    await sendNew(run, 'alert', compose(group, 'alert'));
  }

  const summary = config.summary;
  if (!summary || budget <= 0 || !run.reachable || open.some((x) => x.kind === 'summary')) return;
  if (!isDigestDue({ hour: summary.hour, timeZone: summary.timeZone }, now, await lastChannelSent(deps.store, config.name, 'summary'))) return;
  const hits = await pendingFor(run, 'summary', summary.minPriority, now);
  if (hits.length > 0) await sendNew(run, 'summary', compose(hits, 'summary'));
}

/** Every configured channel in turn; one channel's failure never holds up another. */
export async function deliverAlerts(deps: AlertDeliveryDeps): Promise<ChannelReport> {
  const report: ChannelReport = { messages: [], sent: 0, waiting: 0, failed: 0 };
  const runtime: ChannelRuntime = { ...defaultRuntime(), now: deps.now, ...deps.runtime };
  for (const config of deps.channels) {
    if (deps.signal?.aborted) break;
    const lease = deps.channelLease ? await deps.channelLease(config.name) : null;
    if (lease && !lease.acquired) continue;
    try {
      await deliverToChannel({ deps, config, channel: createChannel(config, runtime), report, reachable: true });
    } finally {
      if (lease?.acquired) await lease.held.release();
    }
  }
  return report;
}
