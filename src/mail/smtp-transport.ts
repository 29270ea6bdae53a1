// Sends through an SMTP server given as a nodemailer connection URL (`SMTP_URL`).
import nodemailer from 'nodemailer';
import { MailError } from '../errors.ts';
import type { MailMessage, MailTransport, SendResult } from './mail-transport.ts';
import { toNodemailerMessage } from './nodemailer-message.ts';

/** Seconds, not minutes: a hung server must not hold the whole run. */
const TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/** localhost, 127.0.0.0/8 and ::1: a connection that never leaves this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function addresses(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address ?? a)));
}

export function createSmtpTransport(smtpUrl: string): MailTransport {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new MailError('SMTP_URL is not a URL; expected e.g. smtp://user:pass@mail.example.org:587');
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol)) {
    throw new MailError(`SMTP_URL must start with smtp:// or smtps:// (got ${url.protocol}//)`);
  }
  const mailer = nodemailer.createTransport({
    url: smtpUrl,
    ...TIMEOUTS,
    // nodemailer upgrades with STARTTLS whenever a server offers it and then verifies the
    // certificate. A relay on this machine (a local Postfix, a test smtp-server) usually has a
    // self-signed or expired one, and refusing it would leave every digest pending for a connection
    // that cannot be intercepted anyway. Remote servers are verified as always; `?tls.rejectUnauthorized=true`
    // in SMTP_URL restores verification for loopback too (URL options win over these).
    ...(isLoopbackHost(url.hostname) ? { tls: { rejectUnauthorized: false } } : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const where = `${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`;
  return {
    kind: 'smtp',
    async send(message: MailMessage): Promise<SendResult> {
      try {
        const info = await mailer.sendMail(toNodemailerMessage(message));
        const accepted = addresses(info.accepted);
        const rejected = addresses(info.rejected);
        if (accepted.length === 0) {
          throw new MailError(`SMTP server ${where} accepted no recipient (refused: ${rejected.join(', ') || 'all'})`);
        }
        return { accepted, rejected, messageId: message.messageId };
      } catch (error) {
        if (error instanceof MailError) throw error;
        const e = error as { message?: string; response?: string; responseCode?: number; rejected?: unknown };
        const detail = e.response ?? e.message ?? String(error);
        const mailError = new MailError(`SMTP server ${where} did not take the message: ${detail}`);
        Object.assign(mailError, { rejected: addresses(e.rejected), responseCode: e.responseCode });
        throw mailError;
      }
    },
    close() {
      mailer.close();
    },
  };
}
