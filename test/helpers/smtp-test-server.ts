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

export interface DroppingSmtpServer {
  url: string;
  /** The raw messages taken (DATA complete) before the connection was dropped. */
  taken: string[];
  /** Drop the connection after DATA for this many more messages; then answer 250 like a normal server. */
  dropsLeft: number;
  close(): Promise<void>;
}

/**
 * A misbehaving SMTP server written on a plain socket: it takes the whole message, then closes the
 * connection before answering `250`, as a server that crashes or a network that breaks at that
 * moment would. The sender cannot know whether the message was delivered.
 */
export async function startDroppingSmtpServer(drops = 1): Promise<DroppingSmtpServer> {
  const state = { taken: [] as string[], dropsLeft: drops };
  const sockets = new Set<import('node:net').Socket>();
  const server = (await import('node:net')).createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = '';
    let inData = false;
    socket.write('220 dropping.example ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          state.taken.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          if (state.dropsLeft > 0) {
            state.dropsLeft--;
            socket.destroy();
            return;
          }
          socket.write('250 2.0.0 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-dropping.example\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}
