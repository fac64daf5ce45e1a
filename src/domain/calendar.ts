// Calendar days as people in Rotherham see them: "today" is the Europe/London date, whatever
// the server's own clock zone.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export const FORUM_TIME_ZONE = 'Europe/London';

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, timeZone = FORUM_TIME_ZONE): string {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd');
}
