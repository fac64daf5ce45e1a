// A calendar file (RFC 5545) for one meeting, so people can put it in Outlook or Google Calendar.
// Times are UTC with Z (no VTIMEZONE needed; the calendar app shows local time). The UID is
// stable per meeting, so a re-download updates the same calendar entry; SEQUENCE follows the
// meeting's version and is bumped again on cancellation, so apps apply the newer copy.
import type { Meeting } from '../model.ts';

export const ICS_PRODID = '-//Rotherham Stronger Communities Forum//Forum bot//EN';
const UID_DOMAIN = 'stronger-communities-forum.rotherham.example';
/** Meetings without an end time are put in calendars as two hours long. */
const DEFAULT_DURATION = 'PT2H';

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line to at most 75 octets per line (RFC 5545 3.1), never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // Continuation lines start with a space, which counts towards their 75.
    if (octets + size > 75) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/** `20260331T090000Z` */
export function icsInstant(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function description(meeting: Meeting): string {
  const lines: string[] = [];
  if (meeting.chair) lines.push(`Chair: ${meeting.chair}`);
  if (meeting.agenda.length > 0) {
    lines.push('Agenda:');
    meeting.agenda.forEach((item, i) => lines.push(`${i + 1}. ${item}`));
  }
  if (meeting.onlineUrl) lines.push(`Join online: ${meeting.onlineUrl}`);
  return lines.join('\n');
}

/** The whole .ics file: one VCALENDAR with one VEVENT, CRLF line endings, folded lines. */
export function meetingToIcs(meeting: Meeting, now: Date): string {
  const cancelled = meeting.status === 'cancelled';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODID}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${cancelled ? 'CANCEL' : 'PUBLISH'}`,
    'BEGIN:VEVENT',
    `UID:${meeting.id}@${UID_DOMAIN}`,
    `DTSTAMP:${icsInstant(now.toISOString())}`,
    `SEQUENCE:${meeting.version - 1 + (cancelled ? 1 : 0)}`,
    `DTSTART:${icsInstant(meeting.startsAt)}`,
    meeting.endsAt ? `DTEND:${icsInstant(meeting.endsAt)}` : `DURATION:${DEFAULT_DURATION}`,
    `SUMMARY:${escapeText(meeting.title)}`,
  ];
  if (meeting.location) lines.push(`LOCATION:${escapeText(meeting.location)}`);
  // URL is a URI value, not TEXT: it is not escaped.
  if (meeting.onlineUrl) lines.push(`URL:${meeting.onlineUrl}`);
  const text = description(meeting);
  if (text) lines.push(`DESCRIPTION:${escapeText(text)}`);
  lines.push(`STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'END:VEVENT', 'END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** A safe download name, e.g. `forum-meeting-2026-03-31.ics`. */
export function icsFileName(meeting: Meeting): string {
  return `forum-meeting-${meeting.startsAt.slice(0, 10)}.ics`;
}
