// The meeting's calendar file: valid RFC 5545 shape, escaping, folding, CRLF, cancellation.
import { expect } from 'chai';
import { escapeText, foldLine, meetingToIcs } from '../../src/domain/meetings/ics.ts';
import { aMeeting } from './meeting-fixtures.ts';

const NOW = new Date('2026-03-01T12:34:56.789Z');
/** Unfolds (RFC 5545 3.1) and splits into content lines. */
const contentLines = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n');

describe('the meeting calendar file', () => {
  it('has one VEVENT with a stable UID, DTSTAMP, UTC start and end, summary, location, URL and the agenda', () => {
    const meeting = aMeeting({ endsAt: '2026-03-31T11:00:00.000Z', onlineUrl: 'https://teams.example/meet/1', chair: 'Forum chair' });
    const ics = meetingToIcs(meeting, NOW);
    const lines = contentLines(ics);
    expect(lines.slice(0, 6)).to.deep.equal(['BEGIN:VCALENDAR', 'VERSION:2.0', lines[2], 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'BEGIN:VEVENT']);
    expect(lines).to.include.members([
      'UID:MTG-1@stronger-communities-forum.rotherham.example',
      'DTSTAMP:20260301T123456Z',
      'SEQUENCE:0',
      'DTSTART:20260331T090000Z',
      'DTEND:20260331T110000Z',
      'SUMMARY:Stronger Communities Forum',
      'LOCATION:Riverside House\\, Rotherham',
      'URL:https://teams.example/meet/1',
      'DESCRIPTION:Chair: Forum chair\\nAgenda:\\n1. Action plan review\\n2. Community intelligence picture\\nJoin online: https://teams.example/meet/1',
      'STATUS:CONFIRMED',
    ]);
    expect(lines.slice(-3)).to.deep.equal(['END:VEVENT', 'END:VCALENDAR', '']);
    expect(meetingToIcs(meeting, NOW)).to.equal(ics);
  });

  it('uses CRLF everywhere and folds every line to 75 octets, without splitting a character', () => {
    const long = aMeeting({ agenda: ['Café culture, the Minster; and “what’s next”. '.repeat(6)] });
    const ics = meetingToIcs(long, NOW);
    expect(ics.replace(/\r\n/g, '')).to.not.match(/[\r\n]/);
    const physical = ics.split('\r\n');
    expect(physical.every((l) => Buffer.byteLength(l, 'utf8') <= 75)).to.equal(true);
    expect(physical.some((l) => l.startsWith(' '))).to.equal(true);
    expect(ics).to.not.include('\uFFFD');
    const description = contentLines(ics).find((l) => l.startsWith('DESCRIPTION:'));
    expect(description).to.include('Café culture\\, the Minster\\; and “what’s next”.');
  });

  it('escapes backslashes, semicolons, commas and newlines in text', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).to.equal('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds exactly at 75 octets', () => {
    const line = `X:${'a'.repeat(100)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.map((l) => l.length)).to.deep.equal([75, 28]);
    expect(folded.join('\r\n').replace(/\r\n /g, '')).to.equal(line);
    expect(foldLine('SHORT:1')).to.equal('SHORT:1');
  });

  it('a cancelled meeting says STATUS:CANCELLED with a bumped SEQUENCE and the same UID', () => {
    const live = contentLines(meetingToIcs(aMeeting({ version: 2 }), NOW));
    const cancelled = contentLines(meetingToIcs(aMeeting({ version: 2, status: 'cancelled' }), NOW));
    expect(live).to.include('SEQUENCE:1');
    expect(cancelled).to.include.members(['STATUS:CANCELLED', 'SEQUENCE:2', 'METHOD:CANCEL']);
    expect(cancelled.find((l) => l.startsWith('UID:'))).to.equal(live.find((l) => l.startsWith('UID:')));
  });

  it('a meeting with no end time lasts two hours', () => {
    expect(contentLines(meetingToIcs(aMeeting(), NOW))).to.include('DURATION:PT2H');
  });
});
