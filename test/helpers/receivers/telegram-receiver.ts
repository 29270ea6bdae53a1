// The Telegram Bot API's sendMessage as documented: POST /bot<token>/sendMessage {chat_id, text,
// parse_mode}; {ok: true, result: Message}, or {ok: false, error_code, description} — 401
// Unauthorized, 400 "chat not found" / "can't parse entities" / "message is too long", 429 with
// parameters.retry_after. HTML is checked against Telegram's tag list. No idempotency.
import { pingWords, readHtmlSubset } from './html-subset.ts';
import { isObject, json, parseJson, startReceiver, type Receiver } from './receiver-base.ts';

export interface TelegramMessage {
  messageId: number;
  body: string;
  html: string;
  visible: string;
  links: string[];
  tags: string[];
  mentions: string[];
  silent: boolean;
}

export interface TelegramReceiver extends Receiver {
  apiUrl: string;
  token: string;
  chatId: string;
  messages: TelegramMessage[];
}

const TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);

export async function startTelegramReceiver(): Promise<TelegramReceiver> {
  const token = '7012345678:AAF-TelegramBotSecret_xyz';
  const chatId = '-1001234567890';
  const messages: TelegramMessage[] = [];
  let next = 100;
  const refuse = (code: number, description: string) => json(code, { ok: false, error_code: code, description });
  const base = await startReceiver({
    accept(request) {
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(request.url, 'http://x').pathname);
      if (!match) return refuse(404, 'Not Found');
      if (match[1] !== token) return refuse(401, 'Unauthorized');
      if (match[2] !== 'sendMessage') return refuse(404, 'Not Found: method not found');
      const body = parseJson(request.body);
      if (!isObject(body)) return refuse(400, 'Bad Request: message text is empty');
      if (String(body.chat_id) !== chatId) return refuse(400, 'Bad Request: chat not found');
      if (typeof body.text !== 'string' || body.text.trim() === '') return refuse(400, 'Bad Request: message text is empty');
      let visible = body.text;
      let links: string[] = [];
      let tags: string[] = [];
      if (body.parse_mode === 'HTML') {
        const read = readHtmlSubset(body.text, TAGS);
        if (!read.ok) return refuse(400, `Bad Request: ${read.error}`);
        ({ text: visible, links, tags } = read);
      }
      if (Array.from(visible).length > 4096) return refuse(400, 'Bad Request: message is too long');
      const message: TelegramMessage = { messageId: next++, body: request.body, html: body.text, visible, links, tags, mentions: pingWords(visible), silent: body.disable_notification === true };
      messages.push(message);
      return json(200, { ok: true, result: { message_id: message.messageId, date: 1796400000, chat: { id: Number(chatId), type: 'supergroup' }, text: visible } });
    },
    rateLimited: (seconds) => json(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } }),
    unavailable: () => json(502, { ok: false, error_code: 502, description: 'Bad Gateway' }),
  });
  return Object.assign(base, { apiUrl: base.baseUrl, token, chatId, messages });
}
