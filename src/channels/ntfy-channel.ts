// ntfy: POST the message as plain text to the topic URL, with Title, Priority (1–5), Tags and Click
// headers. The delivery key is sent as X-Sequence-ID: ntfy clients replace a notification with the
// next one of the same sequence, so the resend after a crash shows once. Non-ASCII titles are RFC
// 2047 encoded, which ntfy decodes; markdown stays off, so feed text is shown as it is written.
import type { Channel, ChannelMessage, FrozenRequest } from './channel-types.ts';
import type { ChannelConfig } from './channel-config.ts';
import { jsonField, sendWithSecrets, type AnswerReader, type ChannelRuntime } from './channel-sender.ts';
import { defuse } from './feed-text.ts';
import { plainTextMessage } from './plain-text.ts';
import { describeSecret, type SecretRef } from './secrets.ts';
import type { Priority } from '../types.ts';

const NTFY_PRIORITY: Record<Priority, string> = { low: '2', normal: '3', high: '4', critical: '5' };
const NTFY_TAGS: Record<Priority, string> = { low: 'information_source', normal: 'newspaper', high: 'warning', critical: 'rotating_light' };

/** A header value any HTTP stack accepts: ASCII as is, anything else as an RFC 2047 encoded word. */
export function headerText(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

/** ntfy turns a body over 4,096 bytes into an attachment: drop shown items (counted in "more") until it fits. */
export const NTFY_MAX_BYTES = 4096;

function fitted(message: ChannelMessage): string {
  let m = message;
  for (;;) {
    const text = plainTextMessage(m);
    if (Buffer.byteLength(text) <= NTFY_MAX_BYTES) return text;
    if (m.items.length > 1) m = { ...m, items: m.items.slice(0, -1), more: m.more + 1 };
    else if (m.items.some((i) => i.snippet)) m = { ...m, items: m.items.map((i) => ({ ...i, snippet: '' })) };
    else return text;
  }
}

export function renderNtfy(message: ChannelMessage, idempotencyKey: string, topicUrl: string): FrozenRequest {
  const click = message.items.length === 1 && message.more === 0 ? message.items[0]!.link : (message.moreLink ?? message.items[0]?.link ?? null);
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: headerText(defuse(message.heading)),
    priority: message.kind === 'test' ? '3' : NTFY_PRIORITY[message.priority],
    tags: message.kind === 'test' ? 'white_check_mark,rasid' : `${NTFY_TAGS[message.priority]},rasid`,
    'x-sequence-id': idempotencyKey,
  };
  // Only an http(s) URL Rasid vetted; new URL() has already percent-encoded anything a header could not carry.
  if (click) headers.click = click;
  return { method: 'POST', url: topicUrl, headers, body: fitted(message) };
}

export function ntfyReader(token: SecretRef | null): AnswerReader {
  const auth = token ? `check the access token in ${describeSecret(token)}` : 'the topic needs an access token: add `token: { env: … }` to the channel';
  return {
    service: 'ntfy',
    errorText: (answer) => {
      const found = jsonField(answer, (j) => j.error);
      return typeof found === 'string' ? found : null;
    },
    advice: (status) =>
      ({
        400: 'ntfy could not read the message; this is a Rasid bug, please report it',
        401: auth,
        403: auth,
        404: 'the ntfy server has no such topic path; check the topic URL',
        413: 'the message was too large for this ntfy server',
      })[status] ?? null,
  };
}

export function ntfyChannel(config: ChannelConfig & { target: { type: 'ntfy' } }, runtime: ChannelRuntime): Channel {
  const { url, token } = config.target;
  const reader = ntfyReader(token);
  const topic = typeof url === 'string' ? url : '{url}';
  return {
    name: config.name,
    type: 'ntfy',
    target: typeof url === 'string' ? `ntfy topic ${url}` : `ntfy topic (${describeSecret(url)})`,
    render: (message, key) => renderNtfy(message, key, topic),
    send: (request) => sendWithSecrets(request, { ...(typeof url === 'string' ? {} : { url }), ...(token ? { bearer: token } : {}) }, reader, runtime),
  };
}
