// When a recipient's daily digest is due: the local hour has come and nothing was sent that local
// day. A recipient without an hour gets pending hits at every run (the `RASID_DIGEST_TO` default).
import { localDayAndHour } from './format-date.ts';

export function isDigestDue(
  recipient: { hour: number | null; timeZone: string },
  now: Date,
  lastDigestSentAt: string | null,
): boolean {
  if (recipient.hour === null) return true;
  const local = localDayAndHour(now, recipient.timeZone);
  if (local.hour < recipient.hour) return false;
  if (lastDigestSentAt === null) return true;
  return localDayAndHour(new Date(lastDigestSentAt), recipient.timeZone).day !== local.day;
}
