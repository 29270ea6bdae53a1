// One contract for every transport (SMTP, outbox): what goes in comes out as the same MIME message.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../../src/mail/create-transport.ts';
import type { MailMessage, MailTransport } from '../../src/mail/mail-transport.ts';
import { startSmtpServer, type SmtpTestServer } from '../helpers/smtp-test-server.ts';

const message = (overrides: Partial<MailMessage> = {}): MailMessage => ({
  from: 'rasid@example.org',
  to: 'analyst@example.org',
  subject: 'Rasid: 2 new on حفتر\r\nBcc: victim@example.com',
  html: '<p dir="rtl">وصل <mark>ساليفو مودي</mark> إلى بنغازي</p><p>Евкуров, Niamey — « accord »</p>',
  text: 'وصل *ساليفو مودي* إلى بنغازي\nЕвкуров, Niamey — « accord »',
  messageId: '<rasid.test-1@example.org>',
  date: new Date('2026-11-28T06:00:00.000Z'),
  headers: { 'X-Rasid-Kind': 'digest', 'List-Unsubscribe': '<http://evil.example/>' },
  ...overrides,
});

interface Harness {
  transport: MailTransport;
  /** The messages the far side received, parsed. */
  received(): Promise<ParsedMail[]>;
}

const smtpDir = { server: null as SmtpTestServer | null };
const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-outbox-'));

const harnesses: Record<'smtp' | 'outbox', () => Harness> = {
  smtp: () => ({
    transport: createTransport({ smtpUrl: smtpDir.server!.url, outboxDir: '/nonexistent' }),
    received: async () => smtpDir.server!.received.map((r) => r.parsed),
  }),
  outbox: () => ({
    transport: createTransport({ smtpUrl: null, outboxDir }),
    received: async () =>
      Promise.all(
        fs
          .readdirSync(outboxDir)
          .filter((f) => f.endsWith('.eml'))
          .sort()
          .map((f) => simpleParser(fs.readFileSync(path.join(outboxDir, f)))),
      ),
  }),
};

beforeAll(async () => {
  smtpDir.server = await startSmtpServer();
});
afterAll(async () => {
  await smtpDir.server?.close();
});

describe.each(['smtp', 'outbox'] as const)('the %s transport', (kind) => {
  it('delivers multipart/alternative with UTF-8 text and HTML parts, Message-ID and Date kept', async () => {
    const h = harnesses[kind]();
    const result = await h.transport.send(message());
    h.transport.close();
    expect(result.accepted).toEqual(['analyst@example.org']);
    expect(result.messageId).toBe('<rasid.test-1@example.org>');
    const [mail] = await h.received();
    expect(mail!.messageId).toBe('<rasid.test-1@example.org>');
    expect(mail!.date?.toISOString()).toBe('2026-11-28T06:00:00.000Z');
    expect(mail!.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(mail!.text?.trim()).toBe('وصل *ساليفو مودي* إلى بنغازي\nЕвкуров, Niamey — « accord »');
    expect(mail!.html).toContain('<mark>ساليفو مودي</mark>');
    expect(mail!.html).toContain('Евкуров');
  });

  it('strips line breaks from the subject and drops List-* headers (no header injection)', async () => {
    const [mail] = await harnesses[kind]().received();
    expect(mail!.subject).toBe('Rasid: 2 new on حفتر Bcc: victim@example.com');
    expect(mail!.headers.has('bcc')).toBe(false);
    expect(mail!.headers.has('list-unsubscribe')).toBe(false);
    expect(mail!.headers.get('x-rasid-kind')).toBe('digest');
    expect(mail!.to).toMatchObject({ value: [{ address: 'analyst@example.org' }] });
  });
});

describe('the outbox transport', () => {
  it('writes each message as .eml plus .html, named by date and Message-ID, so a resend overwrites', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-outbox-'));
    const transport = createTransport({ smtpUrl: null, outboxDir: path.join(dir, 'new-folder') });
    const first = await transport.send(message());
    await transport.send(message());
    await transport.send(message({ messageId: '<rasid.test-2@example.org>' }));
    const files = fs.readdirSync(path.join(dir, 'new-folder')).sort();
    expect(files).toHaveLength(4);
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    expect(first.file).toMatch(/20261128-060000-analyst_example\.org-[0-9a-f]{10}\.eml$/);
    expect(fs.readFileSync(first.file!.replace(/\.eml$/, '.html'), 'utf8')).toBe(message().html);
  });

  it('reports an outbox it cannot write as a MailError', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-outbox-')), 'a-file');
    fs.writeFileSync(file, '');
    const transport = createTransport({ smtpUrl: null, outboxDir: file });
    await expect(transport.send(message())).rejects.toMatchObject({ name: 'MailError', message: expect.stringContaining('outbox') });
  });
});

describe('the SMTP transport', () => {
  it('rejects with a MailError naming the server when the recipient is refused', async () => {
    smtpDir.server!.refuse.add('gone@example.org');
    const transport = createTransport({ smtpUrl: smtpDir.server!.url, outboxDir: '/nonexistent' });
    await expect(transport.send(message({ to: 'gone@example.org' }))).rejects.toMatchObject({
      name: 'MailError',
      message: expect.stringMatching(/127\.0\.0\.1:\d+ did not take the message/),
    });
    transport.close();
  });

  it('rejects with a MailError when the server is down', async () => {
    const down = await startSmtpServer();
    const url = down.url;
    await down.close();
    const transport = createTransport({ smtpUrl: url, outboxDir: '/nonexistent' });
    await expect(transport.send(message())).rejects.toMatchObject({ name: 'MailError' });
    transport.close();
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    expect(() => createTransport({ smtpUrl: 'http://mail.example.org', outboxDir: '/x' })).toThrow(/smtp:\/\/ or smtps:\/\//);
  });
});
