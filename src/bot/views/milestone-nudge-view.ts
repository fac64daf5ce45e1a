// The nudge a milestone owner gets privately before a forum meeting: each of their milestones that
// is due, overdue or stale, with one-tap status buttons. Built again after each tap, so the card
// always shows what is still to do.
import type { MilestoneNudgeCard, Notice } from '../../cards/card-models.ts';
import { dueNote, formatDay, formatInstant, statusView } from '../../cards/format.ts';
import { localDate } from '../../domain/calendar.ts';
import { effectiveDue } from '../../domain/milestones/milestone-rules.ts';
import { milestonesToNudge, nudgeReason, STALE_DAYS } from '../../domain/milestones/milestones-to-nudge.ts';
import type { Meeting, Milestone, Person } from '../../domain/model.ts';
import type { ReadView } from '../../store/repository.ts';

/** A private message has room for this many; the rest are one command away. */
const SHOWN = 10;

function reasonText(m: Milestone, today: string, meetingDay: string, staleBefore: string): string {
  switch (nudgeReason(m, today, meetingDay, staleBefore)) {
    case 'overdue':
      return dueNote(effectiveDue(m), today, false);
    case 'due-before-meeting':
      return `${dueNote(effectiveDue(m), today, false)}, before the meeting`;
    case 'not-updated':
      return m.updatedAt ? `not updated since ${formatDay(m.updatedAt.slice(0, 10))}` : 'never updated';
    default:
      return 'up to date';
  }
}

export function milestoneNudgeCard(view: ReadView, person: Pick<Person, 'id'>, meeting: Meeting, now: Date, timeZone: string, notice?: Notice): MilestoneNudgeCard {
  const today = localDate(now, timeZone);
  const meetingDay = localDate(new Date(meeting.startsAt), timeZone);
  const staleBefore = new Date(now.getTime() - STALE_DAYS * 86_400_000).toISOString();
  const found = milestonesToNudge(view, person, meeting, now, timeZone);
  return {
    heading: 'Please update before the forum meeting',
    meetingText: `${meeting.title}, ${formatInstant(meeting.startsAt, timeZone)}. Yours that are due, overdue or not updated for ${STALE_DAYS} days.`,
    ...(notice ? { notice } : {}),
    items: found.slice(0, SHOWN).map((m) => ({
      id: m.id,
      description: m.description,
      status: statusView(m.status),
      dueText: `Due ${formatDay(effectiveDue(m))}`,
      reason: reasonText(m, today, meetingDay, staleBefore),
      version: m.version,
      meetingId: meeting.id,
    })),
    ...(found.length > SHOWN ? { moreText: `And ${found.length - SHOWN} more: type \`milestones mine\` to see them all.` } : {}),
    ...(found.length === 0 ? { emptyText: 'All done: none of yours needs an update before the meeting. Thank you.' } : {}),
  };
}
