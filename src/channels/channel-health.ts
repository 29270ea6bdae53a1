// What an operator must hear about channels (pure): messages a service refused until Rasid gave
// them up (their hits did not reach that channel), and messages waiting long for a service that is
// down. For `rasid status` (attention lines) and the digest's health section (one line per channel).
import type { FeedHealth } from '../digest/digest-types.ts';
import { cleanText, truncate } from '../digest/escape.ts';
import type { ChannelMessageRecord, ChannelStanding } from '../store/channel-ledger.ts';

export interface GivenUpMessage {
  channel: string;
  kind: string;
  hits: number;
  createdAt: string;
  lastAttemptAt: string | null;
  refusals: number;
  error: string;
}

/** How far back given-up messages are reported: older ones were seen (or the channel was retired). */
export const GIVEN_UP_REPORTED_DAYS = 7;

export function givenUp(records: ChannelMessageRecord[]): GivenUpMessage[] {
  return records.map((r) => ({
    channel: r.channel,
    kind: r.kind,
    hits: r.hitIds.length,
    createdAt: r.createdAt,
    lastAttemptAt: r.lastAttemptAt,
    refusals: r.refusals,
    error: r.lastError ?? 'no reason recorded',
  }));
}

function byChannel(messages: GivenUpMessage[]): Map<string, GivenUpMessage[]> {
  const map = new Map<string, GivenUpMessage[]>();
  for (const m of messages) map.set(m.channel, [...(map.get(m.channel) ?? []), m]);
  return map;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function channelAttention(standings: ChannelStanding[], failed: GivenUpMessage[], now: Date, stuckAfterMs: number): string[] {
  const problems: string[] = [];
  for (const [channel, list] of byChannel(failed)) {
    const hits = list.reduce((n, m) => n + m.hits, 0);
    problems.push(
      `channel ${channel}: ${plural(list.length, 'message')} (${plural(hits, 'hit')}) refused by the service and given up, the latest at ${list[0]!.lastAttemptAt ?? list[0]!.createdAt}: ${list[0]!.error} — fix the channel, then \`rasid channels retry ${channel}\``,
    );
  }
  for (const s of standings) {
    const w = s.oldestWaiting;
    if (!w || now.getTime() - Date.parse(w.createdAt) <= stuckAfterMs) continue;
    problems.push(
      `channel ${s.channel}: ${plural(s.waiting, 'message')} waiting since ${w.createdAt} (${plural(w.attempts, 'attempt')}, next ${w.nextAttemptAt ?? 'at the next run'}): ${w.lastError ?? 'the run that sent it was interrupted'} — they are retried with backoff; check that the service is up`,
    );
  }
  return problems;
}

/** One health line per channel with given-up messages; new when the latest was given up after the recipient's last digest. */
export function channelHealthLines(failed: GivenUpMessage[], lastDigestAt: string | null): FeedHealth[] {
  return [...byChannel(failed)].map(([channel, list]) => {
    const hits = list.reduce((n, m) => n + m.hits, 0);
    const at = list[0]!.lastAttemptAt ?? list[0]!.createdAt;
    return {
      feedId: `channel:${channel}`,
      title: `channel ${channel}`,
      url: '',
      problem: 'channel-refused',
      failures: list.length,
      error: truncate(`${plural(list.length, 'message')} (${plural(hits, 'hit')}) not delivered: ${cleanText(list[0]!.error, { keepTags: true })}`, 200),
      since: at,
      isNew: lastDigestAt === null || at > lastDigestAt,
    };
  });
}
