// Matrix client-server API: PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId} with
// `Authorization: Bearer`. The transaction id is the message's idempotency key: a homeserver that
// sees the same txnId again from the same device answers with the first event instead of posting a
// second one, so the resend after a crash shows once. Rate limits: 429 M_LIMIT_EXCEEDED, retry_after_ms.
import type { Channel, ChannelMessage, FrozenRequest } from './channel-types.ts';
import type { ChannelConfig } from './channel-config.ts';
import { jsonField, sendWithSecrets, type AnswerReader, type ChannelRuntime } from './channel-sender.ts';
import { messageHtml } from './chat-html.ts';
import { plainTextMessage } from './plain-text.ts';
import { describeSecret, type SecretRef } from './secrets.ts';

export function matrixSendUrl(homeserver: string, roomId: string, txnId: string): string {
  return `${homeserver.replace(/\/+$/, '')}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(txnId)}`;
}

export function renderMatrix(message: ChannelMessage, idempotencyKey: string, homeserver: string, roomId: string): FrozenRequest {
  const content = {
    msgtype: 'm.text',
    body: plainTextMessage(message),
    format: 'org.matrix.custom.html',
    formatted_body: messageHtml(message, '<br>'),
    // Intentional mentions, none: no @room or user in feed text can ping anyone.
    'm.mentions': {},
  };
  return {
    method: 'PUT',
    url: matrixSendUrl(homeserver, roomId, idempotencyKey),
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(content),
  };
}

export function matrixReader(token: SecretRef): AnswerReader {
  return {
    service: 'Matrix',
    errorText: (answer) => {
      const found = jsonField(answer, (j) => [j.errcode, j.error].filter((x) => typeof x === 'string').join(': '));
      return typeof found === 'string' && found ? found : null;
    },
    retryHintMs: (answer) => {
      const ms = jsonField(answer, (j) => j.retry_after_ms);
      return typeof ms === 'number' ? ms : null;
    },
    advice: (status) =>
      ({
        400: 'the homeserver could not read the event; this is a Rasid bug, please report it',
        401: `the access token is wrong or expired; put a valid one in ${describeSecret(token)}`,
        403: 'the account of the access token is not in that room (or may not post there); invite it',
        404: 'the room does not exist on that homeserver; check roomId in the recipients file',
      })[status] ?? null,
  };
}

export function matrixChannel(config: ChannelConfig & { target: { type: 'matrix' } }, runtime: ChannelRuntime): Channel {
  const { homeserver, roomId, token } = config.target;
  const reader = matrixReader(token);
  return {
    name: config.name,
    type: 'matrix',
    target: `Matrix room ${roomId} on ${homeserver} (token ${describeSecret(token)})`,
    render: (message, key) => renderMatrix(message, key, homeserver, roomId),
    send: (request) => sendWithSecrets(request, { bearer: token }, reader, runtime),
  };
}
