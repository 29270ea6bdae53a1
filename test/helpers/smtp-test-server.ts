// A real SMTP server on 127.0.0.1 for tests: collects every message (parsed with mailparser), and can
// refuse chosen recipients or every message, like a server that is full, down or picky.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpTestServer {
  url: string;
  received: ReceivedMail[];
  /** Recipients refused at RCPT TO (550). */
  refuse: Set<string>;
  /** Refuse every message at MAIL FROM with a temporary error (451). */
  failAll: boolean;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<SmtpTestServer> {
  const state: Pick<SmtpTestServer, 'received' | 'refuse' | 'failAll'> = { received: [], refuse: new Set(), failAll: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (state.failAll) {
        const err = Object.assign(new Error('Service temporarily unavailable, try again later'), { responseCode: 451 });
        return callback(err);
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (state.refuse.has(address.address.toLowerCase())) {
        return callback(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            state.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as SmtpTestServer;
}
