// The benchmarks' feed server: FEEDS generated RSS feeds of ITEMS items each (the four languages in
// turn, every item a hit for the seeded watchlist), served with ETags from a child process, so its
// CPU and memory are not counted as the measured process's. Feed n is at /feed/n.xml.
import { spawn } from 'node:child_process';

const serverSource = (FEEDS: number, ITEMS: number) => `
const http = require('node:http');
const FEEDS = ${FEEDS}, ITEMS = ${ITEMS};
const langs = [
  ['ar', 'حفتر يستقبل وفدا نيجريا في بنغازي لبحث أمن الحدود والتعاون العسكري', 'بحث الجانبان تأمين الحدود الجنوبية وخط أنابيب أقادم والتعاون مع موسكو.'],
  ['fr', 'Le général Mody reçu à Benghazi : la coopération militaire au menu', 'Le ministre nigérien de la Défense a évoqué la frontière sud et le pipeline d’Agadem.'],
  ['en', 'Niger defence minister meets Haftar in Benghazi as Russia looks on', 'Talks covered the southern border, the Agadem pipeline and training by Russian instructors.'],
  ['ru', 'Евкуров и Хафтар обсудили в Бенгази сотрудничество с Нигером', 'Стороны обсудили охрану южной границы, нефтепровод Агадем и подготовку кадров.'],
];
const bodies = [];
for (let f = 0; f < FEEDS; f++) {
  const [lang, title, text] = langs[f % 4];
  let items = '';
  for (let i = 0; i < ITEMS; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    items += '<item><title>' + title + ' (' + f + '-' + i + ')</title><link>https://feed' + f + '.example/news/' + i +
      '</link><guid>feed' + f + '-item' + i + '</guid><pubDate>' + new Date(Date.UTC(2026, 1, Number(day), 8, i)).toUTCString() +
      '</pubDate><description>' + text + ' ' + text + ' [' + f + '/' + i + ']</description></item>';
  }
  bodies.push(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed ' + f + ' (' + lang + ')</title><link>https://feed' + f + '.example/</link>' + items + '</channel></rss>'));
}
const server = http.createServer((req, res) => {
  const n = Number(/\\/feed\\/(\\d+)\\.xml/.exec(req.url)?.[1] ?? -1);
  if (!bodies[n]) return res.writeHead(404).end();
  const etag = '"f' + n + '"';
  if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(bodies[n]);
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

export async function startBenchFeedServer(FEEDS: number, ITEMS: number): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['-e', serverSource(FEEDS, ITEMS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`feed server exited with ${code}`)));
  });
  return { port, stop: () => child.kill() };
}
