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

/** A temporary file older than this was left by a process that died mid-write: no writer is that slow. */
export const STALE_TEMP_MS = 10 * 60_000;

async function writeAtomically(file: string, data: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, file);
  } catch (error) {
    // A full disk leaves a partial file behind; the message stays pending and is written again next run.
    await fs.rm(temp, { force: true }).catch(() => {});
    throw error;
  }
}

/** Removes `*.tmp` files that a process killed mid-write left in the outbox. */
export async function sweepStaleTemps(outboxDir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(outboxDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.tmp'))) {
    const file = path.join(outboxDir, name);
    try {
      if (now - (await fs.lstat(file)).mtimeMs < STALE_TEMP_MS) continue;
      await fs.rm(file, { force: true });
      removed.push(name);
    } catch {
      // Gone already (another process swept it), or not ours to remove: either way nothing to do.
    }
  }
  return removed;
}

function describeWriteError(outboxDir: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return `the disk holding the outbox ${outboxDir} is full; free some space (the message stays pending and is written next run)`;
  return `could not write the message to the outbox ${outboxDir}: ${(error as Error).message}`;
}

export function createOutboxTransport(outboxDir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let swept = false;
  return {
    kind: 'outbox',
    async send(message: MailMessage): Promise<SendResult> {
      try {
        const info = await composer.sendMail(toNodemailerMessage(message));
        await fs.mkdir(outboxDir, { recursive: true });
        if (!swept) {
          swept = true;
          await sweepStaleTemps(outboxDir);
        }
        const base = path.join(outboxDir, outboxBaseName(message));
        // The .html first: the .eml is the record that the message was "sent".
        await writeAtomically(`${base}.html`, message.html);
        await writeAtomically(`${base}.eml`, info.message as Buffer);
        return { accepted: [message.to], rejected: [], messageId: message.messageId, file: `${base}.eml` };
      } catch (error) {
        throw new MailError(describeWriteError(outboxDir, error));
      }
    },
    close() {
      composer.close();
    },
  };
}
