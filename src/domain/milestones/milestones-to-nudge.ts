// Which of a person's milestones the forum wants updated before a meeting: due before it, overdue,
// or not updated for 30 days. The nudge job and the nudge card's buttons both ask this.
import { localDate } from '../calendar.ts';
import type { Meeting, Milestone, Person } from '../model.ts';
import type { ReadView } from '../../store/repository.ts';
import { findMilestones } from './milestone-queries.ts';
import { effectiveDue, isFinished } from './milestone-rules.ts';

export const STALE_DAYS = 30;

export type NudgeReason = 'overdue' | 'due-before-meeting' | 'not-updated';

/** Why a milestone is in the nudge (the first reason that applies), or undefined if it is not. */
export function nudgeReason(m: Milestone, today: string, meetingDay: string, staleBefore: string): NudgeReason | undefined {
  if (isFinished(m.status)) return undefined;
  if (effectiveDue(m) < today) return 'overdue';
  if (effectiveDue(m) <= meetingDay) return 'due-before-meeting';
  if (!m.updatedAt || m.updatedAt < staleBefore) return 'not-updated';
  return undefined;
}

export function milestonesToNudge(view: ReadView, person: Pick<Person, 'id'>, meeting: Pick<Meeting, 'startsAt'>, now: Date, timeZone: string): Milestone[] {
  const today = localDate(now, timeZone);
  const meetingDay = localDate(new Date(meeting.startsAt), timeZone);
  const staleBefore = new Date(now.getTime() - STALE_DAYS * 86_400_000).toISOString();
  return findMilestones(view, { today, ownerPersonId: person.id }).filter((m) => nudgeReason(m, today, meetingDay, staleBefore) !== undefined);
}
