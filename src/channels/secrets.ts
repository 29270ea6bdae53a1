// Channel secrets (webhook URLs, bot and access tokens, signing keys) never sit in the recipients
// file: it names where they are, an environment variable or a file, and they are read at send
// time. Their values never reach a log line, an error, `rasid status` or the ledger: every text
// that leaves a channel goes through `redactSecrets` with the values it used.
import fs from 'node:fs';

export type SecretRef = { env: string } | { file: string };

export interface SecretSource {
  env: Record<string, string | undefined>;
  readFile: (file: string) => string;
}

export function processSecrets(env: Record<string, string | undefined> = process.env): SecretSource {
  return { env, readFile: (file) => fs.readFileSync(file, 'utf8') };
}

/** "$RASID_SLACK_DESK" or "file /run/secrets/slack": where a secret is, never what it is. */
export function describeSecret(ref: SecretRef): string {
  return 'env' in ref ? `$${ref.env}` : `file ${ref.file}`;
}

export type SecretResult = { ok: true; value: string } | { ok: false; problem: string };

/** The secret's value (a file's trailing newline dropped), or what is wrong in words. */
export function resolveSecret(ref: SecretRef, source: SecretSource): SecretResult {
  if ('env' in ref) {
    const value = source.env[ref.env]?.trim();
    return value ? { ok: true, value } : { ok: false, problem: `the environment variable ${ref.env} is not set (or empty)` };
  }
  try {
    const value = source.readFile(ref.file).trim();
    return value ? { ok: true, value } : { ok: false, problem: `the secret file ${ref.file} is empty` };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    return { ok: false, problem: `the secret file ${ref.file} cannot be read (${code})` };
  }
}

/** Every form a secret may take in a message (as is, URL-encoded, the path of a secret URL), replaced by [secret]. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    const forms = new Set([secret, encodeURIComponent(secret)]);
    try {
      const url = new URL(secret);
      if (url.pathname.length > 1) forms.add(url.pathname);
      if (url.search.length > 1) forms.add(url.search);
    } catch {
      // Not a URL: the plain forms are enough.
    }
    for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join('[secret]');
  }
  return out;
}
