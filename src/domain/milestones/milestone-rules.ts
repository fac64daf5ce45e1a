// The forum's rules for milestones (Rotherham's own tracker): what each status needs, who may
// change it, and when a milestone counts as overdue.
import type { Action, Milestone, MilestoneStatus, Person } from '../model.ts';

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

export interface ProposedState {
  status: MilestoneStatus;
  commentary?: string;
  revisedDue?: string;
  evidence?: string;
}

/** Problems with a proposed change, in words for the person making it; empty when it may be saved. */
export function checkStatusRules(next: ProposedState, noteGiven: boolean): string[] {
  const problems: string[] = [];
  const { words, colour } = STATUS_LABELS[next.status];
  if (next.status === 'delayed' || next.status === 'off-track') {
    if (!noteGiven) problems.push(`${words} (${colour}) needs a progress note saying why.`);
    if (!next.revisedDue) problems.push(`${words} (${colour}) needs a revised due date.`);
  }
  if (next.status === 'complete' && !next.evidence?.trim()) problems.push('Complete needs an evidence note (what shows it is done).');
  return problems;
}

/** Only the owner, the action lead, a coordinator or an admin may change a milestone's status. */
export function mayChangeStatus(person: Person, milestone: Milestone, action: Action | undefined): boolean {
  if (person.roles.includes('admin') || person.roles.includes('coordinator')) return true;
  if (milestone.owner.personId === person.id) return true;
  return action?.lead.personId === person.id;
}
