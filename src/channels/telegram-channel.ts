// Telegram Bot API: POST /bot<token>/sendMessage {chat_id, text, parse_mode: "HTML"}. Answers are
// {ok, result} or {ok: false, error_code, description, parameters: {retry_after}}. The text uses
// only the <b> and <a href> tags Rasid writes; every feed string is HTML-escaped. The token sits in
// the URL path, so the frozen request keeps a {token} placeholder. No idempotency key exists.
import type { Channel, ChannelMessage, FrozenRequest } from './channel-types.ts';
import type { ChannelConfig } from './channel-config.ts';
import { jsonField, sendWithSecrets, type AnswerReader, type ChannelRuntime } from './channel-sender.ts';
import { messageHtml } from './chat-html.ts';
import { describeSecret, type SecretRef } from './secrets.ts';

export const TELEGRAM_MAX_CHARS = 4096;

/** The message, dropping shown items from the end (they are counted instead) until Telegram's limit fits. */
function fitted(message: ChannelMessage): string {
  let m = message;
  for (;;) {
    const html = messageHtml(m, '\n');
    if (html.length <= TELEGRAM_MAX_CHARS || m.items.length <= 1) return html.length <= TELEGRAM_MAX_CHARS ? html : messageHtml({ ...m, items: m.items.map((i) => ({ ...i, snippet: '' })) }, '\n');
    m = { ...m, items: m.items.slice(0, -1), more: m.more + 1 };
  }
}

export function renderTelegram(message: ChannelMessage, chatId: string, apiUrl: string): FrozenRequest {
  const payload = {
    chat_id: /^-?\d+$/.test(chatId) ? Number(chatId) : chatId,
    text: fitted(message),
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    // A ping for what matters; quieter priorities arrive without a sound.
    disable_notification: message.priority !== 'critical' && message.priority !== 'high' && message.kind !== 'test',
  };
  return {
    method: 'POST',
    url: `${apiUrl.replace(/\/+$/, '')}/bot{token}/sendMessage`,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(payload),
  };
}

export function telegramReader(token: SecretRef): AnswerReader {
  return {
    service: 'Telegram',
    errorText: (answer) => {
      const found = jsonField(answer, (j) => j.description);
      return typeof found === 'string' ? found : null;
    },
    retryHintMs: (answer) => {
      const seconds = jsonField(answer, (j) => (j.parameters as { retry_after?: unknown } | undefined)?.retry_after);
      return typeof seconds === 'number' ? seconds * 1000 : null;
    },
    advice: (status) =>
      ({
        400: 'Telegram refused the message (a wrong chat_id, or a Rasid bug in the HTML); check chatId in the recipients file',
        401: `the bot token is wrong or was revoked; put the token @BotFather gives in ${describeSecret(token)}`,
        403: 'the bot is not a member of that chat or was blocked; add it to the chat again',
        404: `the bot token is wrong; put the token @BotFather gives in ${describeSecret(token)}`,
      })[status] ?? null,
  };
}

export function telegramChannel(config: ChannelConfig & { target: { type: 'telegram' } }, runtime: ChannelRuntime): Channel {
  const { token, chatId, apiUrl } = config.target;
  const reader = telegramReader(token);
  return {
    name: config.name,
    type: 'telegram',
    target: `Telegram bot (${describeSecret(token)}) to chat ${chatId}`,
    render: (message) => renderTelegram(message, chatId, apiUrl),
    send: (request) => sendWithSecrets(request, { token }, reader, runtime),
  };
}
