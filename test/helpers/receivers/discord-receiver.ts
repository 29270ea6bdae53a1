// A Discord webhook as documented: POST /api/webhooks/{id}/{token}[?wait=true] with {content, embeds,
// allowed_mentions}; 204 (or 200 and the message with wait=true); 400 {code: 50006} for an empty
// message, 50035 for a field too long; 404 {code: 10015} Unknown Webhook; 429 {retry_after, global}.
import { pingWords } from './html-subset.ts';
import { isObject, json, parseJson, startReceiver, type Receiver } from './receiver-base.ts';

export interface DiscordMessage {
  id: string;
  body: string;
  content: string;
  embeds: Array<Record<string, unknown>>;
  /** Whom Discord would notify, allowed_mentions considered. */
  pings: string[];
  /** Mentions and masked links present unescaped in the markdown, whether or not they would ping. */
  rawMarkup: string[];
  links: string[];
  visible: string;
}

export interface DiscordReceiver extends Receiver {
  webhookUrl: string;
  messages: DiscordMessage[];
}

/** Discord markdown read: a backslash escapes the next character; what stays unescaped is live markup. */
function readMarkdown(text: string, message: Pick<DiscordMessage, 'rawMarkup' | 'links'>): { visible: string; live: string } {
  const live = text.replace(/\\./gs, '  ');
  for (const m of live.matchAll(/@(everyone|here)\b|<@[!&]?\d+>|<#\d+>|\[[^\]]*\]\(([^)]*)\)/g)) {
    message.rawMarkup.push(m[0]);
    if (m[2]) message.links.push(m[2]);
  }
  // Discord turns a bare URL into a link too.
  for (const m of live.matchAll(/https?:\/\/[^\s<>()]+/g)) message.links.push(m[0]);
  return { visible: text.replace(/\\(.)/gs, '$1'), live };
}

export async function startDiscordReceiver(): Promise<DiscordReceiver> {
  const hookPath = '/api/webhooks/1180000000000000042/Dsc-Token_Secret-Part-77';
  const messages: DiscordMessage[] = [];
  let next = 1;
  const invalid = (field: string) => json(400, { code: 50035, message: 'Invalid Form Body', errors: { [field]: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
  const base = await startReceiver({
    accept(request) {
      const url = new URL(request.url, 'http://x');
      if (request.method !== 'POST' || url.pathname !== hookPath) return json(404, { message: 'Unknown Webhook', code: 10015 });
      const body = parseJson(request.body);
      if (!isObject(body)) return json(400, { message: 'Cannot send an empty message', code: 50006 });
      const content = typeof body.content === 'string' ? body.content : '';
      const embeds = Array.isArray(body.embeds) ? (body.embeds as Array<Record<string, unknown>>) : [];
      if (!content && embeds.length === 0) return json(400, { message: 'Cannot send an empty message', code: 50006 });
      if (Array.from(content).length > 2000) return invalid('content');
      if (embeds.length > 10) return invalid('embeds');
      const message: DiscordMessage = { id: String(next++), body: request.body, content, embeds, pings: [], rawMarkup: [], links: [], visible: '' };
      const visible = [readMarkdown(content, message).visible];
      let total = 0;
      for (const e of embeds) {
        const title = typeof e.title === 'string' ? e.title : '';
        const description = typeof e.description === 'string' ? e.description : '';
        const footer = isObject(e.footer) && typeof e.footer.text === 'string' ? e.footer.text : '';
        if (Array.from(title).length > 256) return invalid('embeds.title');
        if (Array.from(description).length > 4096) return invalid('embeds.description');
        if (e.url !== undefined && (typeof e.url !== 'string' || !/^https?:\/\//.test(e.url))) return invalid('embeds.url');
        if (typeof e.url === 'string') message.links.push(e.url);
        total += Array.from(title + description + footer).length;
        visible.push(readMarkdown(title, message).visible, readMarkdown(description, message).visible, footer);
      }
      if (total > 6000) return invalid('embeds');
      message.visible = visible.filter(Boolean).join('\n');
      const allowed = isObject(body.allowed_mentions) && Array.isArray(body.allowed_mentions.parse) ? (body.allowed_mentions.parse as string[]) : ['everyone', 'users', 'roles'];
      const live = readMarkdown(content, { rawMarkup: [], links: [] }).live;
      if (allowed.includes('everyone')) message.pings.push(...pingWords(live).filter((p) => p === '@everyone' || p === '@here'));
      if (allowed.includes('users')) message.pings.push(...(live.match(/<@!?\d+>/g) ?? []));
      messages.push(message);
      return url.searchParams.get('wait') === 'true'
        ? json(200, { id: message.id, type: 0, content, embeds, webhook_id: '1180000000000000042' })
        : { status: 204, body: '' };
    },
    rateLimited: (seconds) =>
      json(429, { message: 'You are being rate limited.', retry_after: seconds, global: false }, { 'retry-after': String(Math.ceil(seconds)), 'x-ratelimit-remaining': '0' }),
    unavailable: () => json(503, { message: 'Service Unavailable', code: 0 }),
  });
  return Object.assign(base, { webhookUrl: `${base.baseUrl}${hookPath}`, messages });
}
