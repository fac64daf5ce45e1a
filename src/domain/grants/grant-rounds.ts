// Opening a grants round and changing its budget. A coordinator does both; the store audits each
// change (the budget's before and after are in the audit detail). Rounds may not overlap, so "the
// open round" the public pages offer is always one round.
import { demand } from '../access/permissions.ts';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors.ts';
import type { ChangeContext, ReadView, Repository } from '../../store/repository.ts';
import { FUNDING_SOURCES, type GrantRound, type PerSource } from './grant-records.ts';
import { roundMoney, totalOf } from './grant-budget.ts';
import type { ThemeId } from '../theme-ids.ts';

export interface RoundDraft {
  name: string;
  opensOn: string;
  closesOn: string;
  programmeEndsOn: string;
  maxAward: number;
  criteria: ThemeId[];
  budget: PerSource;
}

export function roundProblems(draft: RoundDraft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (draft.name.trim() === '') problems.push({ field: 'name', message: 'Give the round a name.' });
  if (draft.closesOn < draft.opensOn) problems.push({ field: 'closesOn', message: 'The round must close on or after the day it opens.' });
  if (draft.programmeEndsOn < draft.closesOn) problems.push({ field: 'programmeEndsOn', message: 'The programme must end on or after the day the round closes.' });
  if (draft.maxAward < 1) problems.push({ field: 'maxAward', message: 'The largest award must be at least 1 pound.' });
  if (totalOf(draft.budget) < 1) problems.push({ field: 'budget', message: 'The round needs a budget from at least one source.' });
  if (draft.criteria.length === 0) problems.push({ field: 'criteria', message: 'Choose at least one theme to score against.' });
  return problems;
}

/** The round open on `day` (London calendar), if any. */
export function openRoundOn(view: ReadView, day: string): Readonly<GrantRound> | undefined {
  return view.all('grantRounds').find((r) => r.opensOn <= day && day <= r.closesOn);
}

export async function openRound(repo: Repository, ctx: ChangeContext, requesterId: string, draft: RoundDraft & { id: string; demo?: boolean }): Promise<GrantRound> {
  return repo.transact(ctx, (tx) => {
    demand(tx.get('people', requesterId), 'grants.rounds.manage');
    const problems = roundProblems(draft);
    const overlapping = tx.all('grantRounds').find((r) => r.opensOn <= draft.closesOn && draft.opensOn <= r.closesOn);
    if (overlapping) problems.push({ field: 'opensOn', message: `Round ${overlapping.id} (${overlapping.opensOn} to ${overlapping.closesOn}) already covers some of those days.` });
    if (tx.get('grantRounds', draft.id)) problems.push({ field: 'id', message: `There is already a round ${draft.id}.` });
    if (problems.length > 0) throw ValidationError.ofFields(problems);
    const round: GrantRound = { ...draft, demo: draft.demo ?? false, createdBy: ctx.actor.name, createdAt: tx.now, version: 1 };
    tx.put('grantRounds', round, { action: 'grants.round.open', detail: { ...draft.budget, maxAward: draft.maxAward } });
    return round;
  });
}

/** A new budget for a round; never below what awards have already committed from a source. */
export async function setRoundBudget(repo: Repository, ctx: ChangeContext, requesterId: string, change: { roundId: string; expectedVersion: number; budget: PerSource }): Promise<GrantRound> {
  return repo.transact(ctx, (tx) => {
    demand(tx.get('people', requesterId), 'grants.rounds.manage');
    const current = tx.get('grantRounds', change.roundId);
    if (!current) throw new NotFoundError('grants round', change.roundId);
    if (current.version !== change.expectedVersion) throw new ValidationError([`Round ${current.id} was changed meanwhile; look again before changing its budget.`]);
    const money = roundMoney(tx, current);
    const problems = FUNDING_SOURCES.filter((s) => change.budget[s] < money[s].committed).map((s) => ({ field: `budget.${s}`, message: `The ${s} budget cannot go below the GBP ${money[s].committed} already awarded from it.` }));
    if (problems.length > 0) throw ValidationError.ofFields(problems);
    const round: GrantRound = { ...current, budget: change.budget, version: current.version + 1 };
    const detail = Object.fromEntries(FUNDING_SOURCES.flatMap((s) => [[`${s}Before`, current.budget[s]], [`${s}After`, change.budget[s]]]));
    tx.put('grantRounds', round, { action: 'grants.round.budget', detail });
    return round;
  });
}
