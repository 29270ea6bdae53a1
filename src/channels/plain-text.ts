// The message as plain text, for services that show text as it is (ntfy's body, Matrix's `body`
// fallback): no markup at all, feed strings isolated in their direction and stripped of mentions.
import type { ChannelMessage } from './channel-types.ts';
import { defuse, isolateFeed } from './feed-text.ts';

/** The message as plain text (ntfy's body, Matrix's `body`): feed strings isolated and defused, no markup at all. */
export function plainTextMessage(message: ChannelMessage): string {
  const blocks = [defuse(message.heading)];
  for (const item of message.items) {
    const meta = [isolateFeed(defuse(item.source), item.language), item.entryLabel, item.when].filter(Boolean).join(' · ');
    blocks.push([isolateFeed(defuse(item.title), item.language), meta, item.snippet && isolateFeed(defuse(item.snippet), item.language), item.link].filter(Boolean).join('\n'));
  }
  if (message.kind === 'summary') blocks.push(message.counts.map((c) => `${c.label}: ${c.count}`).join('\n'));
  if (message.more > 0) blocks.push(`and ${message.more} more${message.moreLink ? `: ${message.moreLink}` : ''}`);
  else if (message.kind === 'summary' && message.moreLink) blocks.push(message.moreLink);
  if (message.kind === 'test') blocks.push('If you can read this, Rasid can post its alerts here.');
  return blocks.filter(Boolean).join('\n\n');
}
