// Naming the person who owns a milestone (or clearing it back to the organisation's role). The
// milestone and the person are read inside the transaction. The milestone's version is not moved:
// the owner is not part of the update form, so an update someone has open stays valid, and the
// update keeps the owner because it too starts from the record as stored now.
import { demand } from '../access/permissions.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { Milestone } from '../model.ts';
import type { ChangeContext, Repository } from '../../store/repository.ts';

export interface AssignOwnerResult {
  milestone: Milestone;
  changed: boolean;
}

export async function assignOwner(repo: Repository, ctx: ChangeContext, requesterId: string, milestoneId: string, personId: string | undefined): Promise<AssignOwnerResult> {
  return repo.transact(ctx, (tx) => {
    demand(tx.get('people', requesterId), 'milestones.assign');
    const current = tx.get('milestones', milestoneId);
    if (!current) throw new NotFoundError('milestone', milestoneId);
    if (personId && !tx.get('people', personId)) {
      throw ValidationError.ofFields([{ field: 'personId', message: 'That person is no longer registered; open the form again to choose from the current list.' }]);
    }
    if (current.owner.personId === personId) return { milestone: current, changed: false };
    const role = { organisationId: current.owner.organisationId, role: current.owner.role };
    const milestone: Milestone = { ...current, owner: personId ? { ...role, personId } : role };
    tx.put('milestones', milestone, { action: 'milestone.assign', detail: { personId: personId ?? null } });
    return { milestone, changed: true };
  });
}
