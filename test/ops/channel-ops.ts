// What the channel operations tests share: an installation whose recipients file has channels
// pointed at loopback receivers (secrets in the environment), a read of the channel ledger, and the
// exactly-once check: every hit in the ledger once per channel, and every message the service shows
// is the frozen request of one ledger row — once for services that drop a resend with the same key,
// at most `ambiguous` extra copies (byte-identical) for those without one.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { ChannelConfig } from '../../src/channels/channel-config.ts';
import type { ChannelType } from '../../src/channels/channel-types.ts';
import { HARNESSES, type ChannelHarness } from '../channels/harnesses.ts';
import { makeInstallation, type FeedHost, type Installation } from './ops-harness.ts';

export async function startHarnesses(types: readonly ChannelType[]): Promise<ChannelHarness[]> {
  const out: ChannelHarness[] = [];
  for (const type of types) out.push(await HARNESSES[type]());
  return out;
}

/** A channel of the recipients file as YAML (JSON is YAML): every hit an alert, no hourly cap (the runs are seconds apart), retried at every run. */
function channelYaml(config: ChannelConfig, extra: Record<string, unknown>): string {
  const fields: Record<string, unknown> = { name: config.name, ...config.target, minPriority: 'low', maxPerRun: 50, maxPerHour: 1000, retry: { firstSeconds: 0, maxSeconds: 0 }, ...extra };
  return Object.entries(fields).map(([k, v], i) => `${i === 0 ? '      - ' : '        '}${k}: ${JSON.stringify(v)}`).join('\n');
}

export function channelInstallation(dir: string, feeds: FeedHost, harnesses: ChannelHarness[], extra: Record<string, unknown> = {}): Installation {
  const inst = makeInstallation(dir, feeds, null);
  const file = path.join(dir, 'recipients.yaml');
  fs.writeFileSync(file, ['recipients:', '  - address: desk@example.org', '    channels:', ...harnesses.map((h) => channelYaml(h.config, extra)), ''].join('\n'));
  const env: Record<string, string> = { ...inst.env, RASID_RECIPIENTS: file, ...Object.assign({}, ...harnesses.map((h) => h.env)) };
  delete env.RASID_DIGEST_TO;
  return { ...inst, env };
}

export interface ChannelLedger {
  hits: number[];
  sent: Array<{ channel: string; body: string; hitIds: number[] }>;
  deliveries: Map<string, Map<number, number>>;
  byStatus: Record<string, number>;
}

export function readChannelLedger(dbFile: string): ChannelLedger {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const sent = (db.prepare("SELECT channel, request, hit_ids AS hitIds FROM channel_messages WHERE status = 'sent' ORDER BY id").all() as Array<{ channel: string; request: string; hitIds: string }>).map((r) => ({
      channel: r.channel,
      body: (JSON.parse(r.request) as { body: string }).body,
      hitIds: JSON.parse(r.hitIds) as number[],
    }));
    const deliveries = new Map<string, Map<number, number>>();
    for (const r of db.prepare("SELECT channel, hit_id AS h, COUNT(*) AS n FROM channel_deliveries WHERE kind = 'alert' GROUP BY channel, hit_id").all() as Array<{ channel: string; h: number; n: number }>) {
      const m = deliveries.get(r.channel) ?? new Map<number, number>();
      m.set(r.h, r.n);
      deliveries.set(r.channel, m);
    }
    const byStatus: Record<string, number> = {};
    for (const r of db.prepare('SELECT status, COUNT(*) AS n FROM channel_messages GROUP BY status').all() as Array<{ status: string; n: number }>) byStatus[r.status] = r.n;
    return { hits: (db.prepare('SELECT id FROM hits ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id), sent, deliveries, byStatus };
  } finally {
    db.close();
  }
}

/** Every hit once per channel in the ledger and at the service; returns the duplicates the service shows. */
export function expectExactlyOnce(h: ChannelHarness, ledger: ChannelLedger, ambiguous: number): number {
  const name = h.config.name;
  expect(ledger.byStatus.sending ?? 0, `${name}: messages left sending`).toBe(0);
  expect(ledger.byStatus.retry ?? 0, `${name}: messages left waiting`).toBe(0);
  expect(ledger.byStatus['failed-permanently'] ?? 0).toBe(0);
  expect([...(ledger.deliveries.get(name) ?? new Map<number, number>()).entries()].sort((a, b) => a[0] - b[0]), `${name}: ledger rows`).toEqual(ledger.hits.map((id) => [id, 1]));
  const rows = ledger.sent.filter((r) => r.channel === name);
  expect(rows.flatMap((r) => r.hitIds).sort((a, b) => a - b), `${name}: hits carried by sent messages`).toEqual(ledger.hits);
  const seen = new Map<string, number>();
  for (const shown of h.shown()) {
    const row = rows.find((r) => r.body === shown.body);
    expect(row, `${name}: the service shows a message no ledger row sent`).toBeDefined();
    seen.set(shown.body, (seen.get(shown.body) ?? 0) + 1);
  }
  for (const r of rows) expect(seen.get(r.body) ?? 0, `${name}: a sent message the service does not show`).toBeGreaterThanOrEqual(1);
  const duplicates = [...seen.values()].reduce((n, c) => n + c - 1, 0);
  if (h.idempotent) expect(duplicates, `${name}: duplicates at a service that deduplicates`).toBe(0);
  else expect(duplicates, `${name}: duplicates beyond the crash windows`).toBeLessThanOrEqual(ambiguous);
  return duplicates;
}


/** New items for the feed host: each mentions Haftar and Agadem, so each gives hits. */
export function freshFeed(run: number, count: number): string {
  const items = Array.from({ length: count }, (_, i) => {
    const n = run * 100 + i;
    return `<item><guid>soak-${n}</guid><title>Khalifa Haftar's forces move towards the Agadem field, dispatch ${n}</title><link>http://soak.example/${n}</link><description>Dispatch ${n}: units loyal to Khalifa Haftar were seen near the Agadem oil field.</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Soak wire (fictional)</title><link>http://soak.example/</link>${items.join('')}</channel></rss>`;
}
