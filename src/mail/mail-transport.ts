// One interface for every way a message leaves Rasid (SMTP, outbox folder), so the delivery code and
// the contract tests do not care which one is configured.

/** A message ready to send. Every field is built by Rasid; feed text only reaches subject and bodies. */
export interface MailMessage {
  from: string;
  /** Exactly one recipient per message: subscriptions differ, and addresses must not leak. */
  to: string;
  /** The recipient's display name from the configuration (`Desk Team <desk@example.org>`), if any. */
  toName?: string;
  subject: string;
  html: string;
  text: string;
  /** `<…@…>`, fixed before sending so a resend after a crash carries the same one. */
  messageId: string;
  /** The Date header; also names outbox files, so a resend overwrites instead of duplicating. */
  date: Date;
  /** Extra headers set by Rasid (never from feed text), e.g. `X-Rasid-Kind`. */
  headers?: Record<string, string>;
}

export interface SendResult {
  /** Addresses the server (or outbox) took responsibility for. */
  accepted: string[];
  /** Addresses the server refused. */
  rejected: string[];
  messageId: string;
  /** Outbox only: the `.eml` file written. */
  file?: string;
}

export interface MailTransport {
  /** `smtp` or `outbox`, for reports and logs. */
  readonly kind: 'smtp' | 'outbox';
  /** Resolves when the message was handed over; rejects (MailError) when nothing was accepted. */
  send(message: MailMessage): Promise<SendResult>;
  close(): void;
}
