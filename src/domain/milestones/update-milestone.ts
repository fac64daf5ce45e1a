// Updating a milestone: the forum's rules, the permission check, and stale-form detection, applied
// inside one store transaction so two people updating at once never overwrite each other.
import { ForumError, NotFoundError, ValidationError } from '../errors.ts';
import type { Milestone, MilestoneStatus, MilestoneUpdate, Person } from '../model.ts';
import type { ChangeContext, Repository } from '../../store/repository.ts';
import { checkStatusRules, mayChangeStatus } from './milestone-rules.ts';
import { ForbiddenError } from '../access/permissions.ts';
import { FORUM_TIME_ZONE, localDate } from '../calendar.ts';
import { milestoneHistory } from './milestone-queries.ts';

export interface MilestoneChange {
  milestoneId: string;
  /** The version the person was looking at when they filled in the form. */
  expectedVersion: number;
  status: MilestoneStatus;
  commentary?: string;
  revisedDue?: string;
  evidence?: string;
}

/** Who is asking: a forum person (checked against the rules) or the system itself (imports, jobs). */
export type Requester = { kind: 'person'; person: Person } | { kind: 'system' };

/** The milestone changed since the form was opened; `since` says who changed it and when. */
export class StaleVersionError extends ForumError {
  constructor(readonly current: Milestone, readonly since: MilestoneUpdate[]) {
    const last = since.at(-1);
    super(
      'STALE_VERSION',
      last
        ? `Milestone ${current.id} was changed by ${last.by} at ${last.at} meanwhile (now version ${current.version}); your update was not applied.`
        : `Milestone ${current.id} changed meanwhile (now version ${current.version}); your update was not applied.`,
    );
  }
}

/**
 * Applies a change inside one transaction: the milestone, the requester's roles and the action's
 * lead are read through the transaction, so the version check, the permission and the rules are
 * decided on the data the change is written over. `timeZone` says which day is today.
 */
export async function updateMilestone(
  repo: Repository,
  ctx: ChangeContext,
  change: MilestoneChange,
  requester: Requester,
  timeZone: string = FORUM_TIME_ZONE,
): Promise<{ milestone: Milestone; update: MilestoneUpdate }> {
  return repo.transact(ctx, (tx) => {
    const current = tx.get('milestones', change.milestoneId);
    if (!current) throw new NotFoundError('milestone', change.milestoneId);
    if (current.version !== change.expectedVersion) {
      throw new StaleVersionError(current, milestoneHistory(tx, current.id).filter((u) => u.version > change.expectedVersion));
    }
    if (requester.kind === 'person') {
      // The person as they are now: an admin may have changed their roles since the turn began.
      const person = tx.get('people', requester.person.id);
      const action = tx.get('actions', current.actionId);
      if (!person || !mayChangeStatus(person, current, action)) {
        throw new ForbiddenError(`Only the milestone owner, the action lead, a forum coordinator or an admin can update ${current.id}.`);
      }
    }
    const commentary = change.commentary?.trim() || undefined;
    const next = {
      status: change.status,
      originalDue: current.originalDue,
      commentary: commentary ?? current.commentary,
      revisedDue: change.revisedDue ?? current.revisedDue,
      evidence: change.evidence?.trim() || current.evidence,
    };
    const today = localDate(new Date(tx.now), timeZone);
    const problems = checkStatusRules(next, { noteGiven: commentary !== undefined, today, ...(change.revisedDue ? { revisedDueGiven: change.revisedDue } : {}) });
    if (problems.length > 0) throw new ValidationError(problems);

    const now = tx.now;
    const milestone: Milestone = {
      ...current,
      ...definedOnly({ status: next.status, commentary: next.commentary, revisedDue: next.revisedDue, evidence: next.evidence }),
      updatedBy: ctx.actor.name,
      updatedAt: now,
      version: current.version + 1,
    };
    const update: MilestoneUpdate = {
      id: `${current.id}-U${milestone.version}`,
      milestoneId: current.id,
      version: milestone.version,
      status: change.status,
      previousStatus: current.status,
      ...(commentary ? { commentary } : {}),
      ...(change.revisedDue ? { revisedDue: change.revisedDue } : {}),
      ...(change.evidence?.trim() ? { evidence: change.evidence.trim() } : {}),
      by: ctx.actor.name,
      ...(ctx.actor.personId ? { byPersonId: ctx.actor.personId } : {}),
      via: ctx.via,
      at: now,
    };
    tx.put('milestones', milestone, { action: 'milestone.update', detail: { status: change.status, version: milestone.version } });
    tx.put('milestoneUpdates', update, { action: 'milestone.history' });
    return { milestone, update };
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
