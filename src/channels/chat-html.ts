// The HTML subset Telegram and Matrix both render: only <b> and <a href> (plus <br> for Matrix, whose
// HTML ignores newlines), all written by Rasid; every feed string inside is escaped and isolated.
import type { ChannelItem, ChannelMessage } from './channel-types.ts';
import { defuse, escapeChatHtml, isolateFeed } from './feed-text.ts';

/** Feed text in Telegram's (and Matrix's) HTML: escaped, mentions defused, kept in its direction. */
export function chatHtml(text: string, language?: string | null): string {
  return isolateFeed(defuse(escapeChatHtml(text)), language);
}

const link = (url: string, text: string) => `<a href="${escapeChatHtml(url)}">${text}</a>`;

export function itemHtml(item: ChannelItem, newline: string): string {
  const title = chatHtml(item.title, item.language);
  const meta = [chatHtml(item.source, item.language), escapeChatHtml(item.entryLabel), item.when && escapeChatHtml(item.when)].filter(Boolean).join(' · ');
  return [`<b>${item.link ? link(item.link, title) : title}</b>`, meta, item.snippet ? chatHtml(item.snippet, item.language) : ''].filter(Boolean).join(newline);
}

/** The message as the HTML subset Telegram and Matrix share; `newline` is "\n" for Telegram, "<br>" for Matrix. */
export function messageHtml(message: ChannelMessage, newline: string): string {
  const parts = [`<b>${escapeChatHtml(defuse(message.heading))}</b>`, ...message.items.map((i) => itemHtml(i, newline))];
  if (message.kind === 'summary') parts.push(message.counts.map((c) => `${escapeChatHtml(c.label)}: ${c.count}`).join(newline));
  if (message.more > 0) parts.push(`and ${message.more} more${message.moreLink ? `: ${link(message.moreLink, 'open the list')}` : ''}`);
  else if (message.kind === 'summary' && message.moreLink) parts.push(link(message.moreLink, 'open the list'));
  if (message.kind === 'test') parts.push('If you can read this, Rasid can post its alerts here.');
  return parts.filter(Boolean).join(newline + newline);
}
