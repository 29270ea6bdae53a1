// SMTP when `SMTP_URL` is set, else the outbox folder (../shared/CONTRACT.md).
import type { MailTransport } from './mail-transport.ts';
import { createOutboxTransport } from './outbox-transport.ts';
import { createSmtpTransport } from './smtp-transport.ts';

export function createTransport(options: { smtpUrl?: string | null; outboxDir: string }): MailTransport {
  return options.smtpUrl ? createSmtpTransport(options.smtpUrl) : createOutboxTransport(options.outboxDir);
}

export type { MailMessage, MailTransport, SendResult } from './mail-transport.ts';
