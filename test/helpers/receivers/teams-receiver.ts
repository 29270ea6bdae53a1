// A Teams Workflows webhook ("When a Teams webhook request is received" → post card): POST JSON
// {type: "message", attachments: [{contentType: "application/vnd.microsoft.card.adaptive", content}]}
// to the workflow URL (its `sig` query is the credential); 202 Accepted, 400 on a bad card, 401 on a
// bad signature, 404 for a deleted flow, 429 with Retry-After. No idempotency.
import { pingWords } from './html-subset.ts';
import { isObject, json, parseJson, startReceiver, type Receiver } from './receiver-base.ts';

export interface TeamsCard {
  body: string;
  card: Record<string, unknown>;
  /** Id of the card's first element (Rasid puts its delivery key there). */
  firstId: string | null;
  /** TextBlock texts with markdown read: escapes resolved. */
  visible: string;
  /** Links a reader can click: markdown links in TextBlocks and Action.OpenUrl targets. */
  links: string[];
  /** Markdown a feed could have smuggled in: unescaped **, [x](y), <at>. */
  markup: string[];
  mentions: string[];
}

export interface TeamsReceiver extends Receiver {
  webhookUrl: string;
  cards: TeamsCard[];
}

const ELEMENTS = new Set(['TextBlock', 'ActionSet', 'Container', 'ColumnSet', 'FactSet', 'Image']);

/** Markdown as Adaptive Cards read it: a backslash escapes the next punctuation mark. */
export function readCardMarkdown(text: string, card: Pick<TeamsCard, 'links' | 'markup'>): string {
  const unescaped = text.replace(/\\([\\`*_{}[\]()#+\-.!~|<>])/g, '\u0000$1');
  for (const m of unescaped.matchAll(/\[([^\]\u0000]*)\]\(([^)\u0000]*)\)/g)) {
    card.links.push(m[2]!);
    card.markup.push(m[0]);
  }
  if (/(^|[^\u0000])\*\*/.test(unescaped) || /<at>/i.test(unescaped)) card.markup.push(text);
  return unescaped.replace(/\u0000/g, '');
}

function walk(elements: unknown, card: TeamsCard, out: string[]): boolean {
  if (!Array.isArray(elements)) return false;
  for (const e of elements) {
    if (!isObject(e) || typeof e.type !== 'string' || !ELEMENTS.has(e.type)) return false;
    if (e.type === 'TextBlock') {
      if (typeof e.text !== 'string') return false;
      out.push(readCardMarkdown(e.text, card));
    }
    if (e.type === 'ActionSet' && !actions(e.actions, card)) return false;
    if (e.type === 'Container' && !walk(e.items, card, out)) return false;
  }
  return true;
}

function actions(list: unknown, card: TeamsCard): boolean {
  if (!Array.isArray(list)) return false;
  for (const a of list) {
    if (!isObject(a) || a.type !== 'Action.OpenUrl' || typeof a.url !== 'string' || !/^https?:\/\//.test(a.url)) return false;
    card.links.push(a.url);
  }
  return true;
}

export async function startTeamsReceiver(): Promise<TeamsReceiver> {
  const flowPath = '/workflows/4f6e0c2a9b/triggers/manual/paths/invoke';
  const query = '?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=TeamsSig-Secret-0c55d1';
  const cards: TeamsCard[] = [];
  const bad = (message: string) => json(400, { error: { code: 'InvalidRequestContent', message } });
  const base = await startReceiver({
    accept(request) {
      const url = new URL(request.url, 'http://x');
      if (url.pathname !== flowPath) return json(404, { error: { code: 'WorkflowNotFound', message: 'The workflow could not be found.' } });
      if (url.search !== query) return json(401, { error: { code: 'DirectApiInvalidAuthorizationSignature', message: 'The provided authorization signature is not valid.' } });
      const body = parseJson(request.body);
      if (!isObject(body) || body.type !== 'message' || !Array.isArray(body.attachments) || body.attachments.length === 0) return bad('expected a message with attachments');
      const attachment = body.attachments[0];
      if (!isObject(attachment) || attachment.contentType !== 'application/vnd.microsoft.card.adaptive' || !isObject(attachment.content)) return bad('expected an Adaptive Card attachment');
      const content = attachment.content;
      if (content.type !== 'AdaptiveCard' || typeof content.version !== 'string' || !Array.isArray(content.body)) return bad('not an Adaptive Card');
      const first = content.body[0];
      const card: TeamsCard = { body: request.body, card: content, firstId: isObject(first) && typeof first.id === 'string' ? first.id : null, visible: '', links: [], markup: [], mentions: [] };
      const texts: string[] = [];
      if (!walk(content.body, card, texts)) return bad('the card has an element Teams cannot show');
      if (content.actions !== undefined && !actions(content.actions, card)) return bad('the card has an action Teams cannot run');
      card.visible = texts.join('\n');
      card.mentions = pingWords(card.visible);
      cards.push(card);
      return { status: 202, body: '' };
    },
    rateLimited: (seconds) => json(429, { error: { code: 'TooManyRequests', message: 'Rate limit is exceeded.' } }, { 'retry-after': String(seconds) }),
    unavailable: () => json(502, { error: { code: 'BadGateway', message: 'The service is temporarily unavailable.' } }),
  });
  return Object.assign(base, { webhookUrl: `${base.baseUrl}${flowPath}${query}`, cards });
}
