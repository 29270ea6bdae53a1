// A receiver of Rasid's generic webhook that does what the README asks of one: verify the HMAC
// signature over "<timestamp>.<body>" and the timestamp's age, then drop a delivery id it has
// already processed. 401 for a bad signature, 200 {received} or {duplicate}.
import { verifyWebhook } from '../../../src/channels/sign-webhook.ts';
import { isObject, json, parseJson, startReceiver, type Receiver } from './receiver-base.ts';

export interface WebhookDelivery {
  id: string;
  event: string;
  payload: Record<string, unknown>;
  body: string;
}

export interface WebhookReceiver extends Receiver {
  url: string;
  secret: string;
  /** Processed deliveries, one per delivery id. */
  deliveries: WebhookDelivery[];
  /** Requests refused for their signature. */
  counters: { refused: number };
}

export async function startWebhookReceiver(options: { now?: () => number } = {}): Promise<WebhookReceiver> {
  const secret = 'whsec_RasidSigningKey_5f3c9a1e';
  const deliveries: WebhookDelivery[] = [];
  const seen = new Set<string>();
  const counters = { refused: 0 };
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const base = await startReceiver({
    accept(request) {
      if (request.method !== 'POST' || new URL(request.url, 'http://x').pathname !== '/hooks/rasid') return json(404, { error: 'not found' });
      const header = (name: string) => (typeof request.headers[name] === 'string' ? (request.headers[name] as string) : undefined);
      const verdict = verifyWebhook(secret, { signature: header('x-rasid-signature'), timestamp: header('x-rasid-timestamp') }, request.body, now());
      if (!verdict.ok) {
        counters.refused++;
        return json(401, { error: verdict.reason });
      }
      const id = header('x-rasid-delivery');
      const payload = parseJson(request.body);
      if (!id || !isObject(payload)) return json(400, { error: 'expected X-Rasid-Delivery and a JSON body' });
      if (seen.has(id)) return json(200, { duplicate: true });
      seen.add(id);
      deliveries.push({ id, event: header('x-rasid-event') ?? '', payload, body: request.body });
      return json(200, { received: true });
    },
    rateLimited: (seconds) => json(429, { error: 'slow down' }, { 'retry-after': String(seconds) }),
    unavailable: () => json(503, { error: 'down for maintenance' }),
  });
  return Object.assign(base, {
    url: `${base.baseUrl}/hooks/rasid`,
    secret,
    deliveries,
    counters,
  });
}
