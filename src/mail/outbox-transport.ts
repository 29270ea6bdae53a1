// Writes each message to a folder instead of sending it (`SMTP_URL` unset): the full RFC 5322 message
// as `.eml` and its HTML part as `.html` for a browser. File names come from the message's Date and
// Message-ID, so resending the same message after a crash overwrites its files rather than adding a copy.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { MailError } from '../errors.ts';
import type { MailMessage, MailTransport, SendResult } from './mail-transport.ts';
import { toNodemailerMessage } from './nodemailer-message.ts';

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

/** `20261129-070000-analyst_example.org-1a2b3c4d`: sortable, one per message, no feed text. */
export function outboxBaseName(message: MailMessage): string {
  const who = message.to.toLowerCase().replace(/[^a-z0-9.@_-]/g, '_').replace('@', '_');
  const hash = createHash('sha256').update(message.messageId).digest('hex').slice(0, 10);
  return `${stamp(message.date)}-${who}-${hash}`;
}

async function writeAtomically(file: string, data: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, data);
  await fs.rename(temp, file);
}

export function createOutboxTransport(outboxDir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'outbox',
    async send(message: MailMessage): Promise<SendResult> {
      try {
        const info = await composer.sendMail(toNodemailerMessage(message));
        await fs.mkdir(outboxDir, { recursive: true });
        const base = path.join(outboxDir, outboxBaseName(message));
        // The .html first: the .eml is the record that the message was "sent".
        await writeAtomically(`${base}.html`, message.html);
        await writeAtomically(`${base}.eml`, info.message as Buffer);
        return { accepted: [message.to], rejected: [], messageId: message.messageId, file: `${base}.eml` };
      } catch (error) {
        throw new MailError(`could not write the message to the outbox ${outboxDir}: ${(error as Error).message}`);
      }
    },
    close() {
      composer.close();
    },
  };
}
