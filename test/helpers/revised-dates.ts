// A delay that the milestone rules accept for a given milestone today: a revised due date from
// today on, with Amber (under three months after the original due date) or Red (three or more)
// as that date says. Tests use it instead of a fixed date, which the calendar would overtake.
import { localDate } from '../../src/domain/calendar.ts';
import { RED_AFTER_MONTHS } from '../../src/domain/milestones/milestone-rules.ts';
import type { Milestone } from '../../src/domain/model.ts';
import { addDays, addMonths } from '../../src/domain/values/calendar-date.ts';

export function amberOrRedFor(milestone: Pick<Milestone, 'originalDue'>, today = localDate(new Date())): { status: 'delayed' | 'off-track'; revisedDue: string } {
  const revisedDue = addDays(milestone.originalDue > today ? milestone.originalDue : today, 14);
  return { status: revisedDue < addMonths(milestone.originalDue, RED_AFTER_MONTHS) ? 'delayed' : 'off-track', revisedDue };
}

/** Whether an Amber update is possible for the milestone today (its original due date is recent or ahead). */
export function mayBeAmber(milestone: Pick<Milestone, 'originalDue'>, today = localDate(new Date())): boolean {
  return amberOrRedFor(milestone, today).status === 'delayed';
}
