// The feeds file (CONTRACT.md "Feeds file"): a top-level `feeds:` list whose smallest entry is
// `- url: http://…`; everything else has a default.
import { z } from 'zod';
import type { FetchLimits } from '../fetch/limits.ts';
import { networkProblem } from '../fetch/private-address.ts';
import type { FeedSettings } from '../types.ts';
import { readYamlFile, type FileProblem } from '../yaml-file.ts';

const selectorsSchema = z.strictObject({
  item: z.string().min(1),
  title: z.string().min(1),
  link: z.string().min(1),
  date: z.string().min(1).optional(),
  summary: z.string().min(1).optional(),
});

const feedSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'ids use letters, digits, dot, dash and underscore')
      .optional(),
    title: z.string().optional(),
    language: z.string().optional(),
    kind: z.enum(['rss', 'html']).default('rss'),
    selectors: selectorsSchema.optional(),
    /** Minutes between fetches; 0 fetches at every run (when an outside scheduler sets the pace). */
    interval: z.number().int().nonnegative().optional(),
    enabled: z.boolean().default(true),
    fetchArticles: z.boolean().default(false),
    /** Whether someone has seen this feed work; the shipped list says false (written offline). */
    verified: z.boolean().optional(),
    /** Free text for the operator: why the feed is here, what is uncertain about it. */
    note: z.string().optional(),
    /** The operator's own feed on a private network (intranet, localhost): fetched although private. */
    allowPrivateNetwork: z.boolean().optional(),
  })
  .refine((f) => f.kind !== 'html' || f.selectors !== undefined, {
    message: 'a feed of kind html needs selectors (item, title, link)',
    path: ['selectors'],
  });

/** One network of an allow-list, checked by the same parser the fetcher uses. */
export function networkSchema() {
  return z.string().superRefine((value, ctx) => {
    const problem = networkProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** How every feed is fetched; the defaults in src/fetch/limits.ts suit most sites. */
const fetchSettingsSchema = z.strictObject({
  timeoutSeconds: z.number().positive().max(600).optional(),
  connectTimeoutSeconds: z.number().positive().max(120).optional(),
  maxBodyMB: z.number().positive().max(1024).optional(),
  redirects: z.number().int().min(0).max(20).optional(),
  retries: z.number().int().min(0).max(10).optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  perHost: z.number().int().min(1).max(32).optional(),
  allowPrivateNetworks: z.boolean().optional(),
  allowNetworks: z.array(networkSchema()).optional(),
  userAgent: z.string().min(1).optional(),
});

export const feedsFileSchema = z.strictObject({
  defaults: z
    .strictObject({ interval: z.number().int().nonnegative().optional(), fetch: fetchSettingsSchema.optional() })
    .optional(),
  feeds: z.array(feedSchema),
});

function toFetchLimits(f: z.infer<typeof fetchSettingsSchema> | undefined): Partial<FetchLimits> {
  if (!f) return {};
  const limits: Partial<FetchLimits> = {};
  if (f.timeoutSeconds !== undefined) limits.totalTimeoutMs = f.timeoutSeconds * 1000;
  if (f.connectTimeoutSeconds !== undefined) limits.connectTimeoutMs = f.connectTimeoutSeconds * 1000;
  if (f.maxBodyMB !== undefined) limits.maxBodyBytes = Math.round(f.maxBodyMB * 1024 * 1024);
  if (f.redirects !== undefined) limits.maxRedirects = f.redirects;
  if (f.retries !== undefined) limits.retries = f.retries;
  if (f.concurrency !== undefined) limits.concurrency = f.concurrency;
  if (f.perHost !== undefined) limits.perHostConcurrency = f.perHost;
  if (f.allowPrivateNetworks !== undefined) limits.allowPrivateNetworks = f.allowPrivateNetworks;
  if (f.allowNetworks !== undefined) limits.allowNetworks = f.allowNetworks;
  if (f.userAgent !== undefined) limits.userAgent = f.userAgent;
  return limits;
}

/** A stable id from the address, so the smallest entry needs no id: `example.com/news/rss` → `example.com-news-rss`. */
export function feedIdFromUrl(url: string): string {
  const u = new URL(url);
  const slug = `${u.host}${u.pathname}${u.search}`
    .replace(/^www\./, '')
    .replace(/[^a-z0-9.]+/gi, '-')
    .replace(/^-+|-+$/g, '');
  return slug.toLowerCase() || u.host;
}

export const DEFAULT_INTERVAL_MINUTES = 30;

export type FeedsFileResult =
  | { ok: true; feeds: FeedSettings[]; fetchLimits: Partial<FetchLimits> }
  | { ok: false; problems: FileProblem[] };

export function loadFeedsFile(file: string): FeedsFileResult {
  const read = readYamlFile(file, feedsFileSchema, (issue) =>
    issue.code === 'unrecognized_keys' && issue.path[0] === 'defaults'
      ? issue.path[1] === 'fetch'
        ? 'known fetch settings: timeoutSeconds, connectTimeoutSeconds, maxBodyMB, redirects, retries, concurrency, perHost, allowPrivateNetworks, allowNetworks, userAgent'
        : 'known defaults: interval (minutes), fetch (timeouts and limits)'
      : issue.code === 'unrecognized_keys'
      ? 'known fields: url, id, title, language, kind (rss|html), selectors, interval (minutes), enabled, fetchArticles, verified, note, allowPrivateNetwork'
      : issue.path[2] === 'allowNetworks' && issue.code !== 'custom'
      ? 'allowNetworks is a list of networks, e.g. allowNetworks: [10.0.0.0/8, "fd00::/8"]'
      : '',
  );
  if (!read.ok) return read;
  const interval = read.value.defaults?.interval ?? DEFAULT_INTERVAL_MINUTES;
  const feeds: FeedSettings[] = read.value.feeds.map((f) => ({
    id: f.id ?? feedIdFromUrl(f.url),
    url: f.url,
    title: f.title,
    language: f.language,
    kind: f.kind,
    selectors: f.selectors,
    intervalMinutes: f.interval ?? interval,
    enabled: f.enabled,
    fetchArticles: f.fetchArticles,
    ...(f.allowPrivateNetwork ? { allowPrivateNetwork: true } : {}),
  }));
  const seen = new Set<string>();
  const problems: FileProblem[] = [];
  for (const f of feeds) {
    if (seen.has(f.id))
      problems.push({ file, line: null, column: null, message: `two feeds have the id "${f.id}"`, hint: 'give one of them its own `id:`' });
    seen.add(f.id);
  }
  return problems.length ? { ok: false, problems } : { ok: true, feeds, fetchLimits: toFetchLimits(read.value.defaults?.fetch) };
}
