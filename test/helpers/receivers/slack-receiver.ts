// A Slack incoming webhook as documented: POST JSON {text, blocks} to /services/T…/B…/SECRET,
// answered 200 "ok"; 400 invalid_payload / no_text / invalid_blocks, 404 no_service, 410
// channel_is_archived, 429 rate_limited with Retry-After, 500 rollup_error. No idempotency.
import { isObject, parseJson, startReceiver, text, type Receiver } from './receiver-base.ts';
import { pingWords } from './html-subset.ts';

export interface SlackPost {
  text: string;
  blocks: Array<Record<string, unknown>>;
  body: string;
  /** What a Slack user sees, control sequences resolved. */
  visible: string;
  /** Control sequences that notify people: <!channel>, <!here>, <!everyone>, <@U…>, <#C…>, <!subteam^…>, and plain @channel words. */
  mentions: string[];
  /** URLs of <url|text> and <url> sequences. */
  links: string[];
}

export interface SlackReceiver extends Receiver {
  webhookUrl: string;
  posts: SlackPost[];
  archived: boolean;
}

const BLOCK_TYPES = new Set(['header', 'section', 'context', 'divider', 'actions', 'image', 'rich_text']);

function textObject(value: unknown, max: number): string | null {
  if (!isObject(value) || (value.type !== 'plain_text' && value.type !== 'mrkdwn') || typeof value.text !== 'string') return null;
  return Array.from(value.text).length <= max ? value.text : null;
}

/** Reads mrkdwn as Slack does: &amp; &lt; &gt; are text; <…> are control sequences (links and mentions). */
export function readMrkdwn(mrkdwn: string, post: Pick<SlackPost, 'mentions' | 'links'>): string {
  const visible = mrkdwn.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    if (/^[!@#]/.test(inner)) {
      post.mentions.push(`<${inner}>`);
      return inner;
    }
    const [url, label] = inner.split('|', 2) as [string, string | undefined];
    post.links.push(url.replace(/&amp;/g, '&'));
    return label ?? url;
  });
  return visible.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function readBlocks(blocks: unknown[], post: SlackPost): string | null {
  if (blocks.length > 50) return 'invalid_blocks';
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const block of blocks) {
    if (!isObject(block) || typeof block.type !== 'string' || !BLOCK_TYPES.has(block.type)) return 'invalid_blocks';
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > 255 || seen.has(block.block_id)) return 'invalid_blocks';
      seen.add(block.block_id);
    }
    const texts: Array<{ type: unknown; text: string } | null> = [];
    if (block.type === 'header') {
      const t = textObject(block.text, 150);
      if (t === null || (block.text as { type: string }).type !== 'plain_text') return 'invalid_blocks';
      texts.push({ type: 'plain_text', text: t });
    } else if (block.type === 'section') {
      const t = textObject(block.text, 3000);
      if (t === null) return 'invalid_blocks';
      texts.push({ type: (block.text as { type: string }).type, text: t });
    } else if (block.type === 'context') {
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 10) return 'invalid_blocks';
      for (const e of block.elements) {
        const t = textObject(e, 2000);
        if (t === null) return 'invalid_blocks';
        texts.push({ type: (e as { type: string }).type, text: t });
      }
    }
    for (const t of texts) parts.push(t!.type === 'mrkdwn' ? readMrkdwn(t!.text, post) : t!.text);
  }
  post.visible = parts.join('\n');
  return null;
}

export async function startSlackReceiver(): Promise<SlackReceiver> {
  const secretPath = '/services/T0RASID01/B0RASID02/cQ7xSlackSecretPart9';
  const posts: SlackPost[] = [];
  let self: SlackReceiver | undefined;
  const base = await startReceiver({
    accept(request) {
      if (request.method !== 'POST') return text(405, 'invalid_method');
      if (request.url !== secretPath) return text(404, 'no_service');
      if (self?.archived) return text(410, 'channel_is_archived');
      if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) return text(400, 'invalid_payload');
      const body = parseJson(request.body);
      if (!isObject(body)) return text(400, 'invalid_payload');
      if (typeof body.text !== 'string' && !Array.isArray(body.blocks)) return text(400, 'no_text');
      const post: SlackPost = { text: typeof body.text === 'string' ? body.text : '', blocks: [], body: request.body, visible: '', mentions: [], links: [] };
      if (Array.isArray(body.blocks)) {
        const problem = readBlocks(body.blocks, post);
        if (problem) return text(400, problem);
        post.blocks = body.blocks as SlackPost['blocks'];
      }
      readMrkdwn(post.text, post);
      post.mentions.push(...pingWords(post.visible));
      posts.push(post);
      return text(200, 'ok');
    },
    rateLimited: (seconds) => text(429, 'rate_limited', { 'retry-after': String(seconds) }),
    unavailable: () => text(500, 'rollup_error'),
  });
  self = Object.assign(base, { webhookUrl: `${base.baseUrl}${secretPath}`, posts, archived: false });
  return self;
}
