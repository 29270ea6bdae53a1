// The outbox leaves no litter: a write that fails (a full disk) removes its partial `.tmp` file, and
// `.tmp` files a killed process left behind are swept the next time a message is written. The
// full disk is real: the temporary file is a link to /dev/full, where every write fails ENOSPC.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MailError } from '../../src/errors.ts';
import type { MailMessage } from '../../src/mail/mail-transport.ts';
import { createOutboxTransport, outboxBaseName, STALE_TEMP_MS } from '../../src/mail/outbox-transport.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('rasid-outbox-litter-');

function message(n: number): MailMessage {
  return {
    from: 'rasid@localhost',
    to: 'desk@example.org',
    subject: `Rasid: ${n} new on Haftar`,
    html: `<p>${'Haftar met the delegation. '.repeat(200)}</p>`,
    text: 'Haftar met the delegation.',
    messageId: `<rasid.litter-${n}@localhost>`,
    date: new Date('2026-11-29T07:00:00Z'),
  };
}

describe('the outbox on a full disk', () => {
  it('removes the partial file of a write that failed, says the disk is full, and writes the message on the next try', async () => {
    // Linux's always-full device; without it the link below would make a file instead of failing.
    expect(fs.statSync('/dev/full').isCharacterDevice()).toBe(true);
    const dir = tempDir();
    const msg = message(1);
    const temp = path.join(dir, `${outboxBaseName(msg)}.html.${process.pid}.tmp`);
    fs.symlinkSync('/dev/full', temp);
    const outbox = createOutboxTransport(dir);
    try {
      const failure = await outbox.send(msg).then(() => null, (err: unknown) => err);
      expect(failure).toBeInstanceOf(MailError);
      expect((failure as Error).message).toBe(`the disk holding the outbox ${dir} is full; free some space (the message stays pending and is written next run)`);
      expect(fs.readdirSync(dir)).toEqual([]);
      const sent = await outbox.send(msg);
      expect(fs.readdirSync(dir).sort()).toEqual([`${outboxBaseName(msg)}.eml`, `${outboxBaseName(msg)}.html`]);
      expect(sent.accepted).toEqual(['desk@example.org']);
    } finally {
      outbox.close();
    }
  });

  it('sweeps .tmp files a killed process left behind, but not one being written right now', async () => {
    const dir = tempDir();
    const old = path.join(dir, '20261129-070000-desk_example.org-0123456789.html.4242.tmp');
    const fresh = path.join(dir, '20261129-070000-desk_example.org-9876543210.eml.4343.tmp');
    fs.writeFileSync(old, '<p>half a mess');
    fs.writeFileSync(fresh, 'Subject: being written');
    const longAgo = new Date(Date.now() - STALE_TEMP_MS - 60_000);
    fs.utimesSync(old, longAgo, longAgo);
    const outbox = createOutboxTransport(dir);
    try {
      await outbox.send(message(2));
    } finally {
      outbox.close();
    }
    const left = fs.readdirSync(dir);
    expect(left).not.toContain(path.basename(old));
    expect(left).toContain(path.basename(fresh));
    expect(left.filter((f) => f.endsWith('.eml') || f.endsWith('.html'))).toHaveLength(2);
  });
});
