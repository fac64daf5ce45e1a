// Reminders and nudges fall at local wall-clock times counted on local dates, with stable keys.
import { expect } from 'chai';
import { DEFAULT_REMINDER_CONFIG, dueInstant, planMeetingSends } from '../../src/domain/meetings/reminder-plan.ts';
import { aMeeting, aSubscription } from './meeting-fixtures.ts';

describe('the reminder plan', () => {
  const subs = [aSubscription({ id: 'SUB-1' }), aSubscription({ id: 'SUB-2', target: { platform: 'teams', conversationId: 'c', conversationReference: {} } })];

  it('reminders 7 and 1 days before at 09:00 local, and the nudge 5 days before, across the March clock change', () => {
    // Tuesday 31 March 2026 10:00 BST; a week before is still GMT.
    const jobs = planMeetingSends(aMeeting(), [subs[0]!], ['P-1']);
    expect(jobs.map((j) => [j.kind, j.dueAt])).to.deep.equal([
      ['meeting-reminder', '2026-03-24T09:00:00.000Z'],
      ['meeting-nudge', '2026-03-26T09:00:00.000Z'],
      ['meeting-reminder', '2026-03-30T08:00:00.000Z'],
    ]);
  });

  it('1 day before at 09:00 is 09:00 local on the Sunday the clocks go back', () => {
    // Monday 26 October 2026 10:00 GMT; the day before, 25 October, is the change-over day.
    expect(dueInstant('2026-10-26T10:00:00.000Z', { daysBefore: 1, at: '09:00' }, 'Europe/London').toISOString()).to.equal('2026-10-25T09:00:00.000Z');
    expect(dueInstant('2026-10-26T10:00:00.000Z', { daysBefore: 7, at: '09:00' }, 'Europe/London').toISOString()).to.equal('2026-10-19T08:00:00.000Z');
    // And on the Sunday the clocks go forward.
    expect(dueInstant('2026-03-30T09:00:00.000Z', { daysBefore: 1, at: '09:00' }, 'Europe/London').toISOString()).to.equal('2026-03-29T08:00:00.000Z');
  });

  it('one reminder per offset per subscribed conversation, with stable keys; unsubscribed kinds get none', () => {
    const digestOnly = aSubscription({ id: 'SUB-3', kinds: ['weekly-digest'] });
    const first = planMeetingSends(aMeeting(), [...subs, digestOnly], ['P-1', 'P-2', 'P-1']);
    const again = planMeetingSends(aMeeting(), [...subs, digestOnly], ['P-1', 'P-2', 'P-1']);
    expect(first).to.deep.equal(again);
    expect(first.map((j) => j.idempotencyKey)).to.deep.equal([
      'reminder:MTG-1@20260331T0900Z:7d0900:SUB-1',
      'reminder:MTG-1@20260331T0900Z:7d0900:SUB-2',
      'nudge:MTG-1@20260331T0900Z:P-1',
      'nudge:MTG-1@20260331T0900Z:P-2',
      'reminder:MTG-1@20260331T0900Z:1d0900:SUB-1',
      'reminder:MTG-1@20260331T0900Z:1d0900:SUB-2',
    ]);
  });

  it('a moved meeting gives new keys and times', () => {
    const before = planMeetingSends(aMeeting(), [subs[0]!], []);
    const after = planMeetingSends(aMeeting({ startsAt: '2026-04-02T13:00:00.000Z', version: 2 }), [subs[0]!], []);
    expect(after.map((j) => j.dueAt)).to.deep.equal(['2026-03-26T09:00:00.000Z', '2026-04-01T08:00:00.000Z']);
    expect(after.some((j) => before.some((b) => b.idempotencyKey === j.idempotencyKey))).to.equal(false);
  });

  it('a cancelled meeting has nothing planned; a send at or after the start is dropped', () => {
    expect(planMeetingSends(aMeeting({ status: 'cancelled' }), subs, ['P-1'])).to.deep.equal([]);
    const early = aMeeting({ startsAt: '2026-03-31T07:30:00.000Z' });
    const config = { ...DEFAULT_REMINDER_CONFIG, reminders: [{ daysBefore: 0, at: '09:00' }], nudge: undefined };
    expect(planMeetingSends(early, subs, [], config)).to.deep.equal([]);
  });
});
