// The forum's rules for milestones (Rotherham's own tracker): what each status needs, who may
// change it, and when a milestone counts as overdue.
import type { Action, Milestone, MilestoneStatus, Person } from '../model.ts';
import { addMonths, isCalendarDate } from '../values/calendar-date.ts';
import { may } from '../access/permissions.ts';
import { dayInWords, outsideRange, type DateRange } from '../values/date-range.ts';

export const STATUS_LABELS: Record<MilestoneStatus, { words: string; colour: string }> = {
  'not-started': { words: 'Not started', colour: 'Grey' },
  'on-track': { words: 'On track', colour: 'Green' },
  delayed: { words: 'Delayed (under 3 months)', colour: 'Amber' },
  'off-track': { words: 'Off track (3 months or more)', colour: 'Red' },
  complete: { words: 'Complete', colour: 'Blue' },
  closed: { words: 'Closed', colour: 'None' },
};

const FINISHED: ReadonlySet<MilestoneStatus> = new Set(['complete', 'closed']);

export function isFinished(status: MilestoneStatus): boolean {
  return FINISHED.has(status);
}

/** The date the milestone is now expected: the revised date if there is one. */
export function effectiveDue(milestone: Pick<Milestone, 'originalDue' | 'revisedDue'>): string {
  return milestone.revisedDue ?? milestone.originalDue;
}

export function isOverdue(milestone: Pick<Milestone, 'originalDue' | 'revisedDue' | 'status'>, today: string): boolean {
  return !isFinished(milestone.status) && effectiveDue(milestone) < today;
}

/** The revised due date field: from today to five years ahead (checked whenever one is given). */
export const REVISED_DUE: { label: string; range: DateRange } = {
  label: 'The revised due date',
  range: { earliest: { days: 0 }, latest: { years: 5 } },
};

/** Amber is a delay of under three months from the original due date; Red, three months or more. */
export const RED_AFTER_MONTHS = 3;

export interface ProposedState {
  status: MilestoneStatus;
  originalDue: string;
  commentary?: string;
  /** The revised date the milestone would have: the one typed, or the one it has now. */
  revisedDue?: string;
  evidence?: string;
}

export interface ChangeFacts {
  /** A progress note was typed with this change. */
  noteGiven: boolean;
  /** The revised date typed with this change, if any (checked against REVISED_DUE's range). */
  revisedDueGiven?: string;
  /** Today in the forum's time zone. */
  today: string;
}

/** What a status needs beyond itself, in words (for a form opened with that status chosen). */
export function whatStatusNeeds(status: MilestoneStatus): string[] {
  const { words, colour } = STATUS_LABELS[status];
  if (status === 'delayed' || status === 'off-track') return [`${words} (${colour}) needs a progress note saying why.`, `${words} (${colour}) needs a revised due date.`];
  if (status === 'complete') return ['Complete needs an evidence note (what shows it is done).'];
  return [];
}

/**
 * Problems with a proposed change, in words for the person making it; empty when it may be saved.
 * Amber and Red need a note and a revised date that is today or later and says the same as the
 * status: under three months after the original due date is Amber, three months or more is Red.
 */
export function checkStatusRules(next: ProposedState, facts: ChangeFacts): string[] {
  const problems: string[] = [];
  const { words, colour } = STATUS_LABELS[next.status];
  const given = facts.revisedDueGiven;
  const unreal = given !== undefined && !isCalendarDate(given);
  const outside = given === undefined ? undefined : unreal ? `${REVISED_DUE.label} "${given.slice(0, 20)}" is not a real date: choose one with the date picker.` : outsideRange(REVISED_DUE.label, given, REVISED_DUE.range, facts.today);
  if (outside) problems.push(outside);
  if (next.status === 'delayed' || next.status === 'off-track') {
    if (!facts.noteGiven) problems.push(`${words} (${colour}) needs a progress note saying why.`);
    const revised = next.revisedDue;
    if (!revised) problems.push(`${words} (${colour}) needs a revised due date.`);
    else if (!outside && revised < facts.today) problems.push(`The revised due date, ${dayInWords(revised)}, has passed: give the date it is now expected.`);
    else if (!outside) problems.push(...delayProblems(next.status, next.originalDue, revised));
  }
  if (next.status === 'complete' && !next.evidence?.trim()) problems.push('Complete needs an evidence note (what shows it is done).');
  return problems;
}

/** Amber or Red against the delay from the original due date, so the words and the dates agree. */
function delayProblems(status: 'delayed' | 'off-track', originalDue: string, revisedDue: string): string[] {
  const original = dayInWords(originalDue);
  if (revisedDue <= originalDue) return [`A revised due date on or before the original due date (${original}) is not a delay: choose On track, or a later date.`];
  const red = revisedDue >= addMonths(originalDue, RED_AFTER_MONTHS);
  if (status === 'delayed' && red) return [`${dayInWords(revisedDue)} is ${RED_AFTER_MONTHS} months or more after the original due date (${original}): that is Red (Off track), not Amber (Delayed).`];
  if (status === 'off-track' && !red) return [`${dayInWords(revisedDue)} is under ${RED_AFTER_MONTHS} months after the original due date (${original}): that is Amber (Delayed), not Red (Off track).`];
  return [];
}

/** Only the owner, the action lead, a coordinator or an admin may change a milestone's status. */
export function mayChangeStatus(person: Person, milestone: Milestone, action: Action | undefined): boolean {
  if (may(person, 'milestones.update-any')) return true;
  if (milestone.owner.personId === person.id) return true;
  return action?.lead.personId === person.id;
}
