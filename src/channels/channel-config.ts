// A channel as configured in the recipients file, after validation (src/config/recipient-channels.ts):
// whose it is, what it receives, how fast, and where it sends. Secrets are references, never values.
import type { Priority } from '../types.ts';
import type { SecretRef } from './secrets.ts';

export type ChannelTarget =
  /** Rasid's own JSON, signed with HMAC-SHA256 (sign-webhook.ts). */
  | { type: 'webhook'; url: string | SecretRef; secret: SecretRef }
  /** Incoming webhook; its URL is the credential. */
  | { type: 'slack'; url: SecretRef }
  /** Workflow ("Post to a channel when a webhook request is received"); its URL is the credential. */
  | { type: 'teams'; url: SecretRef }
  | { type: 'discord'; url: SecretRef }
  /** Bot API sendMessage; `apiUrl` is https://api.telegram.org unless a local Bot API server is used. */
  | { type: 'telegram'; token: SecretRef; chatId: string; apiUrl: string }
  /** A topic URL (https://ntfy.sh/TOPIC); the topic name may itself be the secret. */
  | { type: 'ntfy'; url: string | SecretRef; token: SecretRef | null }
  /** Client-server API; the access token belongs to a user already in the room. */
  | { type: 'matrix'; homeserver: string; roomId: string; token: SecretRef };

export interface ChannelConfig {
  /** Unique in the file; the ledger and `rasid channels test NAME` use it. */
  name: string;
  /** A recipient's address or `team:NAME`. */
  owner: string;
  /** The owner's subscriptions: empty entries and watchlists mean everything. */
  subscription: { entries: string[]; watchlists: string[] };
  /** Hits at or above this priority go out at once as alerts. */
  minPriority: Priority;
  /** At most this many alert messages per run; a larger burst becomes one message with "and N more". */
  maxPerRun: number;
  /** At most this many messages per hour; beyond it, hits wait for the next hour's single message. */
  maxPerHour: number;
  /** A daily summary at this local hour, of hits at or above `minPriority`; null: none. */
  summary: { hour: number; timeZone: string; minPriority: Priority } | null;
  /** The owner's time zone: dates shown, and the summary hour unless it names its own. */
  timeZone: string;
  /** Backoff between attempts of a failed send: doubling from `firstSeconds` up to `maxSeconds`. */
  retry: { firstSeconds: number; maxSeconds: number };
  target: ChannelTarget;
  /** `recipients.yaml:14:9`, for messages about this channel. */
  where: string;
}

export const CHANNEL_DEFAULTS = {
  minPriority: 'critical' as Priority,
  maxPerRun: 5,
  maxPerHour: 20,
  retry: { firstSeconds: 60, maxSeconds: 6 * 3600 },
};

/** Every secret a channel needs, by the role it plays. */
export function channelSecrets(target: ChannelTarget): Array<{ role: string; ref: SecretRef }> {
  const out: Array<{ role: string; ref: SecretRef }> = [];
  const add = (role: string, ref: string | SecretRef | null) => {
    if (ref !== null && typeof ref === 'object') out.push({ role, ref });
  };
  switch (target.type) {
    case 'webhook':
      add('url', target.url);
      add('secret', target.secret);
      break;
    case 'slack':
    case 'teams':
    case 'discord':
      add('url', target.url);
      break;
    case 'telegram':
      add('token', target.token);
      break;
    case 'ntfy':
      add('url', target.url);
      add('token', target.token);
      break;
    case 'matrix':
      add('token', target.token);
      break;
  }
  return out;
}
