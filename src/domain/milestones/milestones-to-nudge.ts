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

/**
 * Who gets a nudge for a meeting on `meetingDay`: the same people milestonesToNudge finds something
 * for, worked out for many meetings at once. One pass over the milestones keeps, per person, the
 * earliest due date of their open milestones and whether any is stale; a meeting then asks each
 * person two questions instead of scanning the plan again.
 */
export function nudgeAudience(view: ReadView, now: Date): (meetingDay: string) => string[] {
  const staleBefore = new Date(now.getTime() - STALE_DAYS * 86_400_000).toISOString();
  const leads = new Map(view.all('actions').map((a) => [a.id, a.lead.personId]));
  const byPerson = new Map<string, { earliestDue: string; stale: boolean }>();
  for (const m of view.all('milestones')) {
    if (isFinished(m.status)) continue;
    const due = effectiveDue(m);
    const stale = !m.updatedAt || m.updatedAt < staleBefore;
    for (const personId of new Set([m.owner.personId, leads.get(m.actionId)])) {
      if (!personId) continue;
      const seen = byPerson.get(personId);
      byPerson.set(personId, { earliestDue: seen && seen.earliestDue < due ? seen.earliestDue : due, stale: Boolean(seen?.stale) || stale });
    }
  }
  const known = new Set(view.all('people').map((p) => p.id));
  return (meetingDay) => [...byPerson].filter(([id, s]) => known.has(id) && (s.stale || s.earliestDue <= meetingDay)).map(([id]) => id);
}
