// Meeting series keep their local wall-clock time across the clock changes, and single
// occurrences can be moved or cancelled.
import { expect } from 'chai';
import { ValidationError } from '../../src/domain/errors.ts';
import { checkSeries, nthWeekdayOfMonth, occurrencesBetween } from '../../src/domain/meetings/recurrence.ts';
import { instantToLocal } from '../../src/domain/meetings/local-time.ts';

const iso = (d: Date) => d.toISOString();
const at = (s: string) => new Date(s);

describe('meeting recurrence', () => {
  it('a weekly 10:00 series stays 10:00 local across the last Sunday of March (GMT -> BST)', () => {
    const got = occurrencesBetween({ kind: 'every-n-weeks', weeks: 1 }, '2026-03-16T10:00', at('2026-03-01T00:00:00Z'), at('2026-04-07T00:00:00Z'));
    expect(got.map((o) => iso(o.startsAt))).to.deep.equal([
      '2026-03-16T10:00:00.000Z',
      '2026-03-23T10:00:00.000Z',
      '2026-03-30T09:00:00.000Z',
      '2026-04-06T09:00:00.000Z',
    ]);
    expect(got.map((o) => instantToLocal(o.startsAt).slice(11))).to.deep.equal(['10:00', '10:00', '10:00', '10:00']);
  });

  it('a weekly 10:00 series stays 10:00 local across the last Sunday of October (BST -> GMT)', () => {
    const got = occurrencesBetween({ kind: 'every-n-weeks', weeks: 1 }, '2026-03-16T10:00', at('2026-10-15T00:00:00Z'), at('2026-11-03T00:00:00Z'));
    expect(got.map((o) => iso(o.startsAt))).to.deep.equal(['2026-10-19T09:00:00.000Z', '2026-10-26T10:00:00.000Z', '2026-11-02T10:00:00.000Z']);
  });

  it('every 8 weeks keeps the first meeting weekday and skips the weeks between', () => {
    const got = occurrencesBetween({ kind: 'every-n-weeks', weeks: 8 }, '2026-01-13T14:30', at('2026-01-01T00:00:00Z'), at('2026-07-01T00:00:00Z'));
    expect(got.map((o) => o.date)).to.deep.equal(['2026-01-13', '2026-03-10', '2026-05-05', '2026-06-30']);
    expect(iso(got[2]!.startsAt)).to.equal('2026-05-05T13:30:00.000Z');
  });

  it('first Tuesday of the month at 10:00, GMT then BST', () => {
    const rule = { kind: 'nth-weekday-of-month', nth: 1, weekday: 2 } as const;
    const got = occurrencesBetween(rule, '2026-01-06T10:00', at('2026-01-01T00:00:00Z'), at('2026-05-01T00:00:00Z'));
    expect(got.map((o) => iso(o.startsAt))).to.deep.equal([
      '2026-01-06T10:00:00.000Z',
      '2026-02-03T10:00:00.000Z',
      '2026-03-03T10:00:00.000Z',
      '2026-04-07T09:00:00.000Z',
    ]);
  });

  it('the last Thursday of the month', () => {
    expect(nthWeekdayOfMonth('2026-04', -1, 4)).to.equal('2026-04-30');
    expect(nthWeekdayOfMonth('2026-02', -1, 4)).to.equal('2026-02-26');
  });

  it('the window is [from, to) and nothing comes before the first meeting', () => {
    const rule = { kind: 'every-n-weeks', weeks: 1 } as const;
    const got = occurrencesBetween(rule, '2026-03-16T10:00', at('2026-03-01T00:00:00Z'), at('2026-03-23T10:00:00Z'));
    expect(got.map((o) => o.date)).to.deep.equal(['2026-03-16']);
  });

  it('a cancelled occurrence is left out and a moved one appears at its new local time', () => {
    const got = occurrencesBetween({ kind: 'every-n-weeks', weeks: 1 }, '2026-03-16T10:00', at('2026-03-01T00:00:00Z'), at('2026-04-07T00:00:00Z'), 'Europe/London', [
      { action: 'cancel', date: '2026-03-23' },
      { action: 'move', date: '2026-03-30', to: '2026-03-31T14:00' },
    ]);
    expect(got.map((o) => [o.date, iso(o.startsAt), o.moved])).to.deep.equal([
      ['2026-03-16', '2026-03-16T10:00:00.000Z', false],
      ['2026-03-30', '2026-03-31T13:00:00.000Z', true],
      ['2026-04-06', '2026-04-06T09:00:00.000Z', false],
    ]);
  });

  it('an occurrence moved into the window from outside it is included; one moved out is not', () => {
    const rule = { kind: 'every-n-weeks', weeks: 1 } as const;
    const overrides = [
      { action: 'move', date: '2026-04-06', to: '2026-04-02T10:00' },
      { action: 'move', date: '2026-03-23', to: '2026-05-01T10:00' },
    ] as const;
    const got = occurrencesBetween(rule, '2026-03-16T10:00', at('2026-03-20T00:00:00Z'), at('2026-04-05T00:00:00Z'), 'Europe/London', overrides);
    expect(got.map((o) => o.date)).to.deep.equal(['2026-03-30', '2026-04-06']);
  });

  it('refuses a series whose first meeting is not on the rule, and a bad rule', () => {
    expect(() => checkSeries({ kind: 'nth-weekday-of-month', nth: 1, weekday: 2 }, '2026-01-09T10:00')).to.throw(ValidationError, /not on a day/);
    expect(() => checkSeries({ kind: 'every-n-weeks', weeks: 0 }, '2026-01-09T10:00')).to.throw(ValidationError, /recurrence/);
    expect(() => checkSeries({ kind: 'every-n-weeks', weeks: 2 }, '2026-01-09 10:00')).to.throw(ValidationError, /local date and time/);
  });
});
