// A Matrix homeserver's send endpoint as documented: PUT /_matrix/client/v3/rooms/{roomId}/send/
// m.room.message/{txnId} with `Authorization: Bearer`; 200 {event_id}. The same txnId from the same
// access token answers the first event_id again and adds nothing to the room. Errors:
// 401 M_MISSING_TOKEN / M_UNKNOWN_TOKEN, 403 M_FORBIDDEN, 400 M_NOT_JSON / M_BAD_JSON,
// 429 M_LIMIT_EXCEEDED with retry_after_ms.
import { pingWords, readHtmlSubset } from './html-subset.ts';
import { isObject, json, parseJson, startReceiver, type Receiver } from './receiver-base.ts';

export interface MatrixEvent {
  eventId: string;
  txnId: string;
  content: Record<string, unknown>;
  body: string;
  /** formatted_body read as a client does. */
  visible: string;
  links: string[];
  tags: string[];
  /** Whom it would ping: m.mentions, and @room in the plain body. */
  mentions: string[];
  htmlProblem: string | null;
}

export interface MatrixReceiver extends Receiver {
  homeserver: string;
  roomId: string;
  token: string;
  /** The room's timeline: one event per transaction. */
  timeline: MatrixEvent[];
}

const HTML_TAGS = new Set(['b', 'strong', 'i', 'em', 'a', 'br', 'p', 'code', 'pre', 'blockquote', 'del', 'u', 'span']);

export async function startMatrixReceiver(): Promise<MatrixReceiver> {
  const roomId = '!rAsIdDesk:matrix.example.org';
  const token = 'syt_cmFzaWQ_MatrixAccessTokenSecret_1a2b3c';
  const timeline: MatrixEvent[] = [];
  const byTxn = new Map<string, MatrixEvent>();
  let next = 1;
  const err = (status: number, errcode: string, error: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    json(status, { errcode, error, ...extra }, headers);
  const base = await startReceiver({
    accept(request) {
      const match = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/send\/([^/]+)\/([^/]+)$/.exec(new URL(request.url, 'http://x').pathname);
      if (!match) return err(404, 'M_UNRECOGNIZED', 'Unrecognized request');
      if (request.method !== 'PUT') return err(405, 'M_UNRECOGNIZED', 'Unrecognized request');
      const auth = request.headers.authorization;
      if (!auth) return err(401, 'M_MISSING_TOKEN', 'Missing access token');
      if (auth !== `Bearer ${token}`) return err(401, 'M_UNKNOWN_TOKEN', 'Invalid access token passed.', { soft_logout: false });
      const [room, type, txnId] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!), decodeURIComponent(match[3]!)];
      if (room !== roomId) return err(403, 'M_FORBIDDEN', 'User @rasid:matrix.example.org not in room');
      const seen = byTxn.get(txnId);
      if (seen) return json(200, { event_id: seen.eventId });
      const content = parseJson(request.body);
      if (content === undefined) return err(400, 'M_NOT_JSON', 'Content not JSON.');
      if (type !== 'm.room.message' || !isObject(content) || typeof content.msgtype !== 'string' || typeof content.body !== 'string')
        return err(400, 'M_BAD_JSON', 'Invalid message content');
      const event: MatrixEvent = { eventId: `$ev${next++}`, txnId, content, body: request.body, visible: content.body, links: [], tags: [], mentions: [], htmlProblem: null };
      if (content.formatted_body !== undefined) {
        if (content.format !== 'org.matrix.custom.html' || typeof content.formatted_body !== 'string') return err(400, 'M_BAD_JSON', 'format must be org.matrix.custom.html');
        const read = readHtmlSubset(content.formatted_body, HTML_TAGS, new Set(['br']));
        event.htmlProblem = read.ok ? null : read.error;
        ({ text: event.visible, links: event.links, tags: event.tags } = read);
      }
      const mentions = isObject(content['m.mentions']) ? content['m.mentions'] : null;
      if (mentions === null) event.mentions.push(...pingWords(content.body).filter((p) => p === '@room'));
      else {
        if (mentions.room === true) event.mentions.push('@room');
        if (Array.isArray(mentions.user_ids)) event.mentions.push(...mentions.user_ids.map(String));
      }
      byTxn.set(txnId, event);
      timeline.push(event);
      return json(200, { event_id: event.eventId });
    },
    rateLimited: (seconds) => err(429, 'M_LIMIT_EXCEEDED', 'Too many requests', { retry_after_ms: seconds * 1000 }, { 'retry-after': String(seconds) }),
    unavailable: () => err(502, 'M_UNKNOWN', 'Bad gateway'),
  });
  return Object.assign(base, { homeserver: base.baseUrl, roomId, token, timeline });
}
