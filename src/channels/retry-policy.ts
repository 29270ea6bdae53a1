// What the ledger does with an outcome that is not `sent` (pure). Transient failures are retried
// with exponential backoff, never sooner than the service's Retry-After; a refusal is tried again a
// few times (a proxy or a deploy can refuse for a minute) and then given up, to be reported in
// words instead of being retried forever.
import { backoffDelayMs } from '../fetch/retry-delay.ts';
import type { ChannelConfig } from './channel-config.ts';
import type { SendOutcome } from './channel-types.ts';

/** Refusals (4xx other than 408/429) after which a message is given up. */
export const GIVE_UP_AFTER_REFUSALS = 3;

export type NextStep = { kind: 'retry'; at: Date; refused: boolean } | { kind: 'give-up' };

export function nextStep(
  outcome: Exclude<SendOutcome, { outcome: 'sent' }>,
  message: { attempts: number; refusals: number },
  retry: ChannelConfig['retry'],
  now: Date,
  random: () => number,
): NextStep {
  const refused = outcome.outcome === 'permanent-failure';
  if (refused && message.refusals + 1 >= GIVE_UP_AFTER_REFUSALS) return { kind: 'give-up' };
  const backoff = backoffDelayMs(Math.max(0, message.attempts - 1), retry.firstSeconds * 1000, retry.maxSeconds * 1000, random);
  const asked = outcome.outcome === 'retry-later' ? (outcome.afterMs ?? 0) : 0;
  return { kind: 'retry', at: new Date(now.getTime() + Math.max(backoff, asked)), refused };
}

/** In-run pause before another try: the service's wait when it gave one, else a short backoff. */
export function inRunDelayMs(outcome: Extract<SendOutcome, { outcome: 'retry-later' }>, tryIndex: number, random: () => number): number {
  return outcome.afterMs ?? backoffDelayMs(tryIndex, 500, 4000, random);
}
