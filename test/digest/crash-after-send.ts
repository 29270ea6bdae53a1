// Run as a child process by the delivery tests: delivers with a transport that kills this process
// (SIGKILL, no cleanup) right after the SMTP server accepted the message, before the ledger commit.
import { silentLogger } from '../../src/log/create-logger.ts';
import { createTransport } from '../../src/mail/create-transport.ts';
import type { MailTransport } from '../../src/mail/mail-transport.ts';
import { deliverDigests } from '../../src/pipeline/deliver-digests.ts';
import { openStore } from '../../src/store/open-store.ts';
import { RECIPIENT_DEFAULTS } from '../../src/config/recipients.ts';

const [dbFile, smtpUrl, address] = process.argv.slice(2) as [string, string, string];
const smtp = createTransport({ smtpUrl, outboxDir: '/nonexistent' });
const dying: MailTransport = {
  kind: 'smtp',
  async send(message) {
    const result = await smtp.send(message);
    process.kill(process.pid, 'SIGKILL');
    return result;
  },
  close: () => smtp.close(),
};
await deliverDigests({
  store: await openStore(dbFile),
  transport: dying,
  recipients: [{ ...RECIPIENT_DEFAULTS, address }],
  from: 'rasid@example.org',
  now: () => new Date(),
  logger: silentLogger(),
  mode: 'now',
});
