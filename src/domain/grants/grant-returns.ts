// Monitoring returns: what the group did, how many people it reached and what it spent, sent from
// its private status page against the next return due. Overdue returns are listed for the grants
// lead's private nudge (no channel ever hears which group is late).
import { localDate } from '../calendar.ts';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors.ts';
import type { ChangeContext, ReadView, Repository } from '../../store/repository.ts';
import type { GrantReturn } from './grant-records.ts';

export interface ReturnInput {
  whatWasDone: string;
  peopleReached: number;
  moneySpent: number;
}

export const RETURN_LIMITS = { whatWasDone: 3000, peopleReached: 1_000_000, moneySpent: 1_000_000 } as const;

/** The first return of the application not yet received, if any. */
export function nextReturnDue(view: ReadView, applicationId: string): Readonly<GrantReturn> | undefined {
  return view
    .all('grantReturns')
    .filter((r) => r.applicationId === applicationId && !r.received)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
}

export async function submitReturn(repo: Repository, ctx: ChangeContext, applicationId: string, input: ReturnInput): Promise<GrantReturn> {
  return repo.transact(ctx, (tx) => {
    if (!tx.get('grantApplications', applicationId)) throw new NotFoundError('grant application', applicationId);
    const due = nextReturnDue(tx, applicationId);
    if (!due) throw new ValidationError(['There is no monitoring return due for this grant.']);
    const problems: FieldProblem[] = [];
    if (input.whatWasDone.trim() === '') problems.push({ field: 'whatWasDone', message: 'Say what the project has done' });
    const received: GrantReturn = { ...due, received: { at: tx.now, whatWasDone: input.whatWasDone.trim(), peopleReached: input.peopleReached, moneySpent: input.moneySpent } };
    if (problems.length > 0) throw ValidationError.ofFields(problems);
    tx.put('grantReturns', received, { action: 'grants.return.received', detail: { application: applicationId, peopleReached: input.peopleReached, moneySpent: input.moneySpent } });
    return received;
  });
}

/** Returns past their due day (London calendar) and not received. */
export function overdueReturns(view: ReadView, now: Date): readonly Readonly<GrantReturn>[] {
  const today = localDate(now);
  return view.all('grantReturns').filter((r) => !r.received && r.dueOn < today);
}
