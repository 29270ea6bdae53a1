import { describe, expect, it } from 'vitest';
import { logLevelProblem } from '../../src/log/create-logger.ts';

describe('RASID_LOG_LEVEL checks', () => {
  it.each([
    ['warning', 'warn'],
    ['information', 'info'],
    ['errors', 'error'],
    ['debg', 'debug'],
    ['DEBUG ', 'debug'],
  ])('%j is refused with "did you mean %s"', (value, guess) => {
    expect(logLevelProblem(value)).toContain(`did you mean \`${guess}\``);
  });

  it('accepts the levels and no value, and offers no guess for nonsense', () => {
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent', '', undefined]) expect(logLevelProblem(level)).toBeNull();
    expect(logLevelProblem('30')).not.toContain('did you mean');
  });
});
