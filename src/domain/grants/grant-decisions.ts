// Awarding or declining. Only the deciding role (delegated authority) may; the award's amount per
// source is checked against what is left of each source's budget INSIDE the transaction that writes
// it, and the store runs transactions one at a time, so two awards decided at the same moment can
// never overspend: the second sees the first's commitment and is refused.
import { demand } from '../access/permissions.ts';
import { addMonths, type CalendarDate } from '../values/calendar-date.ts';
import { localDate } from '../calendar.ts';
import { ForumError, NotFoundError, ValidationError } from '../errors.ts';
import type { ChangeContext, Repository } from '../../store/repository.ts';
import { FUNDING_SOURCES, type FundingSource, type GrantApplication, type GrantDecision, type GrantReturn, type PerSource } from './grant-records.ts';
import { roundMoney, totalOf, ZERO } from './grant-budget.ts';
import { hasConflict } from './grant-scores.ts';

/** The award would take a source past its budget; `short` says by how much per source. */
export class OverBudgetError extends ForumError {
  constructor(readonly short: Partial<Record<FundingSource, { asked: number; remaining: number }>>) {
    super('OVER_BUDGET', `Not awarded: ${Object.entries(short).map(([s, v]) => `${s} has GBP ${v.remaining} left, the award asks GBP ${v.asked}`).join('; ')}.`);
  }
}

/** When monitoring returns fall due after an award: half way and at the end of a year's project. */
export const RETURN_MONTHS = [6, 12] as const;

export type DecisionInput = { applicationId: string; expectedVersion: number; reason: string } & ({ outcome: 'award'; amounts: PerSource } | { outcome: 'decline' });

export async function decideApplication(repo: Repository, ctx: ChangeContext, personId: string, input: DecisionInput): Promise<{ decision: GrantDecision; application: GrantApplication; returns: GrantReturn[] }> {
  return repo.transact(ctx, (tx) => {
    const person = tx.get('people', personId);
    demand(person, 'grants.decide');
    const current = tx.get('grantApplications', input.applicationId);
    if (!current) throw new NotFoundError('grant application', input.applicationId);
    if (hasConflict(tx, current.id, personId)) throw new ValidationError([`You declared a conflict of interest on ${current.id}; another officer must decide it.`]);
    if (current.status !== 'submitted') throw new ValidationError([`${current.id} has already been ${current.status}.`]);
    if (current.version !== input.expectedVersion) throw new ValidationError([`${current.id} was changed meanwhile; look at it again before deciding.`]);
    const round = tx.get('grantRounds', current.roundId);
    if (!round) throw new NotFoundError('grants round', current.roundId);
    const reason = input.reason.trim();
    if (reason === '') throw ValidationError.ofFields([{ field: 'reason', message: 'Give the reason for the decision.' }]);
    const amounts = input.outcome === 'award' ? input.amounts : { ...ZERO };
    if (input.outcome === 'award') {
      const total = totalOf(amounts);
      if (total < 1) throw ValidationError.ofFields([{ field: 'amounts', message: 'An award needs an amount from at least one source.' }]);
      if (total > round.maxAward) throw ValidationError.ofFields([{ field: 'amounts', message: `The round's largest award is GBP ${round.maxAward}.` }]);
      const money = roundMoney(tx, round);
      const short = Object.fromEntries(FUNDING_SOURCES.filter((s) => amounts[s] > money[s].remaining).map((s) => [s, { asked: amounts[s], remaining: money[s].remaining }]));
      if (Object.keys(short).length > 0) throw new OverBudgetError(short);
    }
    const decision: GrantDecision = { id: current.id, applicationId: current.id, roundId: round.id, outcome: input.outcome, amounts, reason, byPersonId: personId, by: person?.displayName ?? ctx.actor.name, at: tx.now };
    const application: GrantApplication = { ...current, status: input.outcome === 'award' ? 'awarded' : 'declined', version: current.version + 1 };
    tx.put('grantDecisions', decision, { action: `grants.${input.outcome}`, detail: { application: current.id, round: round.id, ...amounts } });
    tx.put('grantApplications', application, { action: 'grants.application.decided', detail: { outcome: input.outcome } });
    const today: CalendarDate = localDate(new Date(tx.now));
    const returns: GrantReturn[] = input.outcome === 'award' ? RETURN_MONTHS.map((months, i) => ({ id: `${current.id}-R${i + 1}`, applicationId: current.id, roundId: round.id, dueOn: addMonths(today, months) })) : [];
    for (const r of returns) tx.put('grantReturns', r, { action: 'grants.return.due', detail: { application: current.id, dueOn: r.dueOn } });
    return { decision, application, returns };
  });
}
