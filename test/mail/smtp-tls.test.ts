// A local relay that offers STARTTLS with a self-signed (here: expired) certificate, as smtp-server
// does by default and as many on-host Postfix setups do. nodemailer upgrades whenever STARTTLS is
// offered; before the fix every digest to such a relay failed with "certificate has expired".
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailError } from '../../src/errors.ts';
import { createSmtpTransport, isLoopbackHost } from '../../src/mail/smtp-transport.ts';

const received: Array<{ secure: boolean; user: unknown; subject: string | undefined; text: string | undefined }> = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: false, // STARTTLS stays enabled, with smtp-server's built-in certificate
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'desk@example.org' && auth.password === 'p:ss/w@rd') return callback(null, { user: 'desk' });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ secure: session.secure, user: session.user, subject: mail.subject, text: mail.text });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const message = {
  from: 'rasid@example.org',
  to: 'analyst@example.org',
  subject: 'Rasid: 1 new on حفتر',
  html: '<p dir="rtl">حفتر يستقبل ساليفو مودي</p>',
  text: 'حفتر يستقبل ساليفو مودي',
  messageId: '<rasid.tls-1@example.org>',
  date: new Date('2026-11-28T06:00:00.000Z'),
  headers: {},
};
const auth = `${encodeURIComponent('desk@example.org')}:${encodeURIComponent('p:ss/w@rd')}`;

describe('SMTP to a relay on this machine', () => {
  it('sends over STARTTLS with authentication although the relay certificate is self-signed and expired', async () => {
    const transport = createSmtpTransport(`smtp://${auth}@127.0.0.1:${port}`);
    try {
      const result = await transport.send(message);
      expect(result.accepted).toEqual(['analyst@example.org']);
    } finally {
      transport.close();
    }
    expect(received.at(-1)).toEqual({ secure: true, user: 'desk', subject: 'Rasid: 1 new on حفتر', text: 'حفتر يستقبل ساليفو مودي' });
  });

  it('verifies the certificate again when SMTP_URL asks for it with tls.rejectUnauthorized=true', async () => {
    const before = received.length;
    const transport = createSmtpTransport(`smtp://${auth}@localhost:${port}?tls.rejectUnauthorized=true`);
    try {
      await expect(transport.send(message)).rejects.toThrow(MailError);
    } finally {
      transport.close();
    }
    expect(received.length).toBe(before);
  });

  it.each([
    ['localhost', true],
    ['mail.localhost', true],
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['[::1]', true],
    ['mail.example.org', false],
    ['127.0.0.1.example.org', false],
    ['10.0.0.5', false],
  ])('treats %s as loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
