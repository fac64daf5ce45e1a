// Times of day as forms send them: Teams' Input.Time and Slack's timepicker both give "HH:mm"
// (24-hour); some clients add seconds. Anything else (25:00, 9.30, "noon") is not a time.
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** `HH:mm`, 00:00 to 23:59. */
export type ClockTime = string;

/** The time as `HH:mm` if `text` is a real 24-hour time (`9:05` and `09:05:00` read as 09:05). */
export function parseClockTime(text: string): ClockTime | undefined {
  const trimmed = text.trim();
  const padded = /^\d:\d{2}/.test(trimmed) ? `0${trimmed}` : trimmed;
  const match = CLOCK.exec(padded);
  return match ? `${match[1]}:${match[2]}` : undefined;
}
