// Feed text is hostile. Every trick below goes into the title, the snippet and the source of a hit,
// through every renderer, to the service's loopback receiver, which reads the message as the
// service would: nothing may mention anyone, link anywhere Rasid did not choose, or format text,
// and the words themselves must still be readable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_TYPES, type ChannelType } from '../../src/channels/channel-types.ts';
import { composeChannelMessage } from '../../src/channels/compose-channel-message.ts';
import { createChannel } from '../../src/channels/create-channel.ts';
import { httpSend } from '../../src/channels/http-send.ts';
import { CHANNEL_CATALOG, alertHit } from './alert-hits.ts';
import { HARNESSES, type ChannelHarness } from './harnesses.ts';

const ARTICLE = 'https://news.example/2026/11/28/story';
const LIST = 'https://rasid.example.org/hits?entry=mody-benghazi-trip';

/** [what it tries, the text, a word that must stay readable] */
const CASES: Array<[string, string, string]> = [
  ['Slack broadcast', '<!channel> troops move <!here|here> <!everyone>', 'troops'],
  ['plain broadcast words', '@everyone @here @channel @room convoy seen', 'convoy'],
  ['user, role and channel mentions', '<@U024BE7LH> <@&1234567> <#C0123ABC> <@!998877> minister', 'minister'],
  ['a markdown link', 'Read [the official statement](http://evil.example/phish) now', 'official statement'],
  ['a Slack link with false text', 'Open <http://evil.example/a|the ministry site> today', 'today'],
  ['an HTML link and script', '<a href="javascript:alert(1)">click</a><script>alert(2)</script> Niamey', 'Niamey'],
  ['broken HTML', '</b><a href="http://evil.example/x">unclosed <i>Agadez', 'Agadez'],
  ['formatting characters', '**bold** __under__ ~~strike~~ `code` _it_ *em* |spoiler|', 'strike'],
  ['line-start markdown', '> quoted # heading', 'heading'],
  ['list markers', '- 1. + item Benghazi', 'Benghazi'],
  ['a bare URL', 'see http://evil.example/visible and www.evil.example', 'see'],
  ['entities', '&lt;b&gt;not bold&lt;/b&gt; &amp; &#60;i&#62;', 'not bold'],
  ['bidi override', '\u202eevil reversed\u202c Haftar', 'Haftar'],
  ['header injection', 'Title\r\nBcc: victim@example.com\r\n\r\nbody', 'victim'],
  ['placeholder text', '{url} {token} ${process.env.SECRET}', 'process'],
  ['an emoji shortcode and custom emoji', ':rotating_light: <:pepe:123456> Yevkurov', 'Yevkurov'],
];

const harnesses = new Map<ChannelType, ChannelHarness>();
beforeAll(async () => {
  for (const type of CHANNEL_TYPES) harnesses.set(type, await HARNESSES[type]());
});
afterAll(async () => {
  for (const h of harnesses.values()) await h.receiver.close();
});

describe.each(CHANNEL_TYPES)('hostile feed text through the %s renderer', (type) => {
  it.each(CASES)('%s', async (_what, hostile, readable) => {
    const h = harnesses.get(type)!;
    const channel = createChannel(h.config, { http: (r) => httpSend(r), secrets: { env: h.env, readFile: () => '' }, now: () => new Date() });
    const hits = [
      alertHit({ title: `${hostile} (1)`, snippet: hostile, source: hostile, url: ARTICLE }),
      alertHit({ title: `${hostile} (2)`, snippet: hostile, source: hostile, url: 'javascript:alert(3)' }),
    ];
    const message = composeChannelMessage(hits, { kind: 'alert', catalog: CHANNEL_CATALOG, now: new Date(), timeZone: 'UTC', showAtMost: 1, publicUrl: 'https://rasid.example.org' });
    const before = h.shown().length;
    const outcome = await channel.send(channel.render(message, `rasid-hostile-${CASES.findIndex((c) => c[1] === hostile)}`));
    expect(outcome).toMatchObject({ outcome: 'sent' });
    const shown = h.shown().slice(before);
    expect(shown).toHaveLength(1);
    const [m] = shown;
    expect(m!.mentions).toEqual([]);
    for (const link of m!.links) expect([ARTICLE, LIST]).toContain(link);
    expect(m!.visible).toContain(readable);
    expect(m!.body).not.toMatch(/javascript:|<script|\r|Bcc: victim@example\.com\\r/i);
    // A control or bidi-override character never reaches the service.
    expect(m!.body).not.toMatch(/[\u202a-\u202e]|\\u202[a-e]/);
  });
});
