// The nodemailer options for one of our messages, shared by the SMTP and outbox transports so both
// produce the same bytes. Local file and URL access is switched off: the bodies carry feed text, and
// nodemailer would otherwise resolve `path`/`href` content sources it finds in message options.
import type { SendMailOptions } from 'nodemailer';
import type { MailMessage } from './mail-transport.ts';

/** Removes CR, LF and other control characters (header injection) and collapses whitespace. */
export function headerSafe(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function toNodemailerMessage(message: MailMessage): SendMailOptions {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (/^[A-Za-z0-9-]+$/.test(name) && !/^list-/i.test(name)) headers[name] = headerSafe(value);
  }
  return {
    // Addresses come from configuration only, validated at start (recipients plain; the sender may
    // have an operator-chosen display name), so nothing from a feed can ever reach an address.
    from: message.from,
    // As an object, so nodemailer encodes the name (RFC 2047) rather than parsing it out of a string.
    to: message.toName ? { name: headerSafe(message.toName), address: message.to } : message.to,
    subject: headerSafe(message.subject),
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    date: message.date,
    headers,
    textEncoding: 'quoted-printable',
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
