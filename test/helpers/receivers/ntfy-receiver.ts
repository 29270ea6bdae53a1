// An ntfy server's publish API as documented: POST/PUT /<topic> with the message as body and Title /
// Priority / Tags / Click / X-Sequence-ID headers (RFC 2047 encoded words accepted), or JSON
// publishing to / with {topic, message, title, priority, tags, click, sequence_id}. Access tokens
// as `Authorization: Bearer`. 429 {code: 42901}. Clients replace a notification by the next one of
// the same sequence id, which `notifications()` reproduces.
import { isObject, json, parseJson, startReceiver, type Receiver } from './receiver-base.ts';

export interface NtfyMessage {
  id: string;
  topic: string;
  title: string;
  message: string;
  priority: number;
  tags: string[];
  click: string | null;
  sequenceId: string | null;
  body: string;
}

export interface NtfyReceiver extends Receiver {
  topicUrl: string;
  token: string;
  /** Every published message, as the server stores them. */
  published: NtfyMessage[];
  /** What a subscribed phone shows: one notification per sequence id (the latest), plus every message without one. */
  notifications(): NtfyMessage[];
}

const PRIORITIES: Record<string, number> = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5 };

/** RFC 2047 encoded words (=?UTF-8?B?…?= / ?Q?), as ntfy decodes header values. */
export function decodeEncodedWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

export async function startNtfyReceiver(options: { token?: string } = {}): Promise<NtfyReceiver> {
  const topic = 'rasid-desk-7Hq2';
  const token = options.token ?? 'tk_ntfyaccesstokensecret0000001';
  const published: NtfyMessage[] = [];
  let next = 1;
  const error = (http: number, code: number, message: string) => json(http, { code, http, error: message });
  const base = await startReceiver({
    accept(request) {
      if (request.method !== 'POST' && request.method !== 'PUT') return error(405, 40501, 'method not allowed');
      const auth = request.headers.authorization;
      if (!auth) return error(403, 40301, 'forbidden');
      if (auth !== `Bearer ${token}`) return error(401, 40101, 'unauthorized');
      const header = (...names: string[]) => {
        for (const n of names) {
          const v = request.headers[n.toLowerCase()];
          if (typeof v === 'string') return decodeEncodedWords(v);
        }
        return null;
      };
      const path = new URL(request.url, 'http://x').pathname;
      let fields: { topic: string; message: string; title: string | null; priority: string | null; tags: string | string[] | null; click: string | null; sid: string | null };
      if (path === '/') {
        const body = parseJson(request.body);
        if (!isObject(body) || typeof body.topic !== 'string') return error(400, 40001, 'invalid request: topic missing');
        fields = {
          topic: body.topic,
          message: typeof body.message === 'string' ? body.message : 'triggered',
          title: typeof body.title === 'string' ? body.title : null,
          priority: body.priority === undefined ? null : String(body.priority),
          tags: Array.isArray(body.tags) ? body.tags.map(String) : null,
          click: typeof body.click === 'string' ? body.click : null,
          sid: typeof body.sequence_id === 'string' ? body.sequence_id : null,
        };
      } else {
        fields = {
          topic: path.slice(1),
          message: request.body || 'triggered',
          title: header('x-title', 'title', 'ti', 't'),
          priority: header('x-priority', 'priority', 'prio', 'p'),
          tags: header('x-tags', 'tags', 'tag', 'ta'),
          click: header('x-click', 'click'),
          sid: header('x-sequence-id', 'sequence-id', 'sid'),
        };
      }
      if (fields.topic !== topic) return error(404, 40401, 'topic not found');
      const priority = fields.priority === null ? 3 : PRIORITIES[fields.priority.toLowerCase()];
      if (priority === undefined) return error(400, 40007, 'invalid priority');
      if (fields.sid !== null && !/^[-_A-Za-z0-9]{1,64}$/.test(fields.sid)) return error(400, 40049, 'invalid sequence ID');
      if (fields.click !== null && !/^(https?:\/\/|mailto:|geo:)/.test(fields.click)) return error(400, 40013, 'invalid click URL');
      const tags = fields.tags === null ? [] : Array.isArray(fields.tags) ? fields.tags : fields.tags.split(',').map((t) => t.trim()).filter(Boolean);
      const message: NtfyMessage = { id: `m${next++}`, topic, title: fields.title ?? '', message: fields.message, priority, tags, click: fields.click, sequenceId: fields.sid, body: request.body };
      published.push(message);
      return json(200, { id: message.id, time: 1796400000, expires: 1796443200, event: 'message', topic, message: message.message, title: message.title || undefined, priority, tags, click: message.click ?? undefined, sequence_id: message.sequenceId ?? undefined });
    },
    rateLimited: () => error(429, 42901, 'limit reached: too many requests, please be nice'),
    unavailable: () => error(503, 50301, 'service unavailable'),
  });
  return Object.assign(base, {
    topicUrl: `${base.baseUrl}/${topic}`,
    token,
    published,
    notifications() {
      const bySequence = new Map<string, NtfyMessage>();
      const single: NtfyMessage[] = [];
      for (const m of published) {
        if (m.sequenceId) bySequence.set(m.sequenceId, m);
        else single.push(m);
      }
      return [...single, ...bySequence.values()];
    },
  });
}
