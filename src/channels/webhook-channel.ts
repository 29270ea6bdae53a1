// Rasid's generic webhook: POST a JSON document of the hits, with X-Rasid-Delivery (the idempotency
// key: the same on every retry, so a receiver can drop a resend), X-Rasid-Event, and a per-attempt
// X-Rasid-Timestamp + X-Rasid-Signature (sign-webhook.ts). The body is data, not markup: JSON
// escaping is all feed text needs here, and the receiver decides how to show it.
import type { Channel, ChannelMessage, FrozenRequest } from './channel-types.ts';
import type { ChannelConfig } from './channel-config.ts';
import { jsonField, sendWithSecrets, type AnswerReader, type ChannelRuntime } from './channel-sender.ts';
import { describeSecret, type SecretRef } from './secrets.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './sign-webhook.ts';

export const WEBHOOK_EVENT_HEADER = 'x-rasid-event';

export function renderWebhook(message: ChannelMessage, idempotencyKey: string, channel: string, url: string): FrozenRequest {
  const payload = {
    type: `rasid.${message.kind}`,
    id: idempotencyKey,
    channel,
    createdAt: message.createdAt,
    heading: message.heading,
    hits: message.items.map((i) => ({
      hitId: i.hitId,
      entry: i.entry,
      entryLabel: i.entryLabel,
      priority: i.priority,
      title: i.title,
      source: i.source,
      snippet: i.snippet,
      url: i.link,
      language: i.language,
      published: i.published,
      terms: i.terms,
    })),
    hitIds: message.hitIds,
    more: message.more,
    moreUrl: message.moreLink,
    ...(message.kind === 'summary' ? { counts: message.counts } : {}),
  };
  return {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json; charset=utf-8', [DELIVERY_HEADER]: idempotencyKey, [WEBHOOK_EVENT_HEADER]: message.kind },
    body: JSON.stringify(payload),
  };
}

export function webhookReader(secret: SecretRef): AnswerReader {
  return {
    service: 'the webhook',
    errorText: (answer) => {
      const found = jsonField(answer, (j) => j.error ?? j.message);
      return typeof found === 'string' ? found : answer.body.trim().slice(0, 200) || null;
    },
    advice: (status) =>
      status === 401 || status === 403
        ? `the receiver refused the signature; give it the same secret as ${describeSecret(secret)}`
        : status === 404
          ? 'nothing listens at that path; check the webhook URL'
          : null,
  };
}

export function webhookChannel(config: ChannelConfig & { target: { type: 'webhook' } }, runtime: ChannelRuntime): Channel {
  const { url, secret } = config.target;
  const reader = webhookReader(secret);
  const address = typeof url === 'string' ? url : '{url}';
  const sign = (request: FrozenRequest, values: Record<string, string>, now: Date) => {
    const timestamp = Math.floor(now.getTime() / 1000);
    return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signWebhook(values.signingKey!, timestamp, request.body) };
  };
  return {
    name: config.name,
    type: 'webhook',
    target: `webhook ${typeof url === 'string' ? url : `(${describeSecret(url)})`}, signed with ${describeSecret(secret)}`,
    render: (message, key) => renderWebhook(message, key, config.name, address),
    send: (request) => sendWithSecrets(request, { ...(typeof url === 'string' ? {} : { url }), signingKey: secret, perAttempt: sign }, reader, runtime),
  };
}
