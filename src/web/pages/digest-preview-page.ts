// GET /recipients/preview: the next digest (and alert) a recipient would get if digests went out
// now, composed by the delivery code itself in dry-run mode: nothing is sent or marked. The
// message's HTML is shown in a sandboxed frame from its own address, whose policy allows the
// mail's inline styles and nothing else (no script, no remote anything).
import type { Context } from 'hono';
import { defaultRecipient, type Recipient } from '../../config/recipients.ts';
import { createTransport } from '../../mail/create-transport.ts';
import { planDeliveries, type PlannedMessage } from '../../pipeline/deliver-digests.ts';
import { html, plural, type Html } from '../render/html.ts';
import { page } from '../render/layout.ts';
import type { WebApp, WebDeps, WebEnv } from '../web-context.ts';
import { statusBanners } from './status-banners.ts';

const FRAME_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox";

function recipientFor(deps: WebDeps, address: string | undefined): Recipient | null {
  if (!address) return defaultRecipient('preview@localhost');
  return deps.config.current().recipients.find((r) => r.address.toLowerCase() === address.toLowerCase()) ?? null;
}

/** What the delivery code would send this recipient now; nothing is sent or recorded. */
export async function previewPlans(deps: WebDeps, recipient: Recipient): Promise<PlannedMessage[]> {
  const config = deps.config.current();
  const transport = createTransport({ smtpUrl: null, outboxDir: config.paths.outbox });
  try {
    return await planDeliveries({ store: deps.store, transport, recipients: [recipient], from: config.mailFrom, now: deps.now, logger: deps.logger, mode: 'now', dryRun: true, catalog: config.catalog });
  } finally {
    transport.close();
  }
}

function due(r: Recipient): string {
  return r.hour === null ? 'at every run' : `daily once ${String(r.hour).padStart(2, '0')}:00 ${r.timeZone} has come`;
}

function messagePanel(plan: PlannedMessage, frameUrl: string): Html {
  const m = plan.message;
  return html`<section class="panel" aria-label="${m.kind}">
  <h2>${m.kind === 'alert' ? 'Alert' : 'Digest'}: ${plural(m.hitIds.length, 'hit')}</h2>
  <p><strong>Subject:</strong> <bdi>${m.subject}</bdi>${plan.resume ? ' (left unsent by an interrupted run; it would be sent again as it was)' : ''}</p>
  <iframe class="preview" title="${m.kind} for ${plan.recipient.address}" src="${frameUrl}" sandbox></iframe>
  <details><summary>The plain-text part</summary><pre class="yaml" dir="auto">${m.text}</pre></details>
</section>`;
}

export function registerDigestPreview(app: WebApp, deps: WebDeps): void {
  app.get('/recipients/preview', async (c: Context<WebEnv>) => {
    const address = c.req.query('address');
    const recipient = recipientFor(deps, address);
    if (!recipient) return c.html(page(c, { title: 'No such recipient', section: 'recipients', body: html`<p>There is no recipient <code>${address}</code>.</p>` }), 404);
    const plans = await previewPlans(deps, recipient);
    const q = (kind: string) => `/recipients/preview.html?kind=${kind}${address ? `&address=${encodeURIComponent(address)}` : ''}`;
    const body = html`<p><a href="/recipients">← Recipients</a></p>
      <p>${address ? html`For <code>${recipient.address}</code>: ` : 'For a recipient of every entry (nobody in particular): '}what the next delivery would carry if it went out now.
        ${address ? html`Their digest is due ${due(recipient)}.` : ''} Nothing is sent or marked by looking.</p>
      ${plans.length === 0 ? html`<p class="empty">Nothing pending: the next digest would be empty${recipient.sendEmpty ? ' (a "nothing new" digest, since this recipient asked for one)' : ''}.</p>` : ''}
      ${plans.map((p) => messagePanel(p, q(p.message.kind)))}`;
    return c.html(page(c, { title: 'Digest preview', section: 'recipients', body, banners: await statusBanners(deps) }));
  });

  app.get('/recipients/preview.html', async (c) => {
    const recipient = recipientFor(deps, c.req.query('address'));
    if (!recipient) return c.text('There is no such recipient.', 404);
    const plans = await previewPlans(deps, recipient);
    const plan = plans.find((p) => p.message.kind === (c.req.query('kind') === 'alert' ? 'alert' : 'digest'));
    c.header('content-security-policy', FRAME_POLICY);
    c.header('x-frame-options', 'SAMEORIGIN');
    return c.html(plan?.message.html ?? '<p>Nothing pending.</p>');
  });
}
