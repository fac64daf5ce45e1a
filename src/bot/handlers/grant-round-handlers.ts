// A coordinator opens a grants round and changes its budget from chat: a form (a dialog in Teams, a
// modal in Slack), read by the round form's parser, saved by the rounds service, which checks the
// person's role, overlaps and what is already committed again inside its transaction.
import { renderCard } from '../../cards/render-card.ts';
import { may, refusalFor } from '../../domain/access/permissions.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { openRound, setRoundBudget } from '../../domain/grants/grant-rounds.ts';
import { parseBudgetForm, parseRoundForm, type BudgetFormValues, type RoundFormValues } from '../../domain/grants/round-form.ts';
import type { ReadView } from '../../store/repository.ts';
import type { CardAction } from '../card-actions.ts';
import { cardReply, changeContext, textReply, type Reply, type Turn } from '../turn.ts';
import { grantBudgetFormCard, grantRoundCard, grantRoundFormCard, pounds } from '../views/grant-views.ts';

/** The service names a source's budget `budget.council`; the form's input is `council`. */
const onTheForm = (fields: ValidationError['fields']) => fields.map((f) => ({ ...f, field: f.field.replace(/^budget\./, '') }));

const ROUND_FORM_TITLE = 'Open a grants round';
const BUDGET_FORM_TITLE = 'Change the grants budget';

/** ROUND-2027-01 for a round opening in January 2027; -2, -3 if that month already has one. */
function newRoundId(view: ReadView, opensOn: string): string {
  const base = `ROUND-${opensOn.slice(0, 7)}`;
  for (let n = 1; n < 100; n += 1) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!view.get('grantRounds', id)) return id;
  }
  throw new ValidationError(['Too many rounds open in that month.']);
}

export function roundForm(turn: Turn): Reply {
  if (!may(turn.person, 'grants.rounds.manage')) return textReply(refusalFor('grants.rounds.manage'));
  return cardReply(renderCard('grant-round-form', grantRoundFormCard(turn.today)), ROUND_FORM_TITLE, 'interactor');
}

export async function openRoundFromForm(turn: Turn, action: Extract<CardAction, { verb: 'grant.open-round' }>): Promise<Reply> {
  const person = turn.person;
  if (!person || !may(person, 'grants.rounds.manage')) return textReply(refusalFor('grants.rounds.manage'));
  const values: RoundFormValues = { name: action.name, opensOn: action.opensOn, closesOn: action.closesOn, programmeEndsOn: action.programmeEndsOn, maxAward: action.maxAward, criteria: action.criteria, council: action.council, rtp: action.rtp, external: action.external };
  const sendBack = (problems: ValidationError['fields']) => cardReply(renderCard('grant-round-form', grantRoundFormCard(turn.today, values, problems)), ROUND_FORM_TITLE, 'interactor');
  const parsed = parseRoundForm(values, turn.today);
  if (!parsed.ok) return sendBack(parsed.problems);
  try {
    const round = await openRound(turn.deps.store, changeContext(turn), person.id, { ...parsed.draft, id: newRoundId(turn.deps.store, parsed.draft.opensOn) });
    const card = grantRoundCard(turn.deps.store, round, person);
    card.notice = `Round ${round.id} opened: groups can apply from ${round.opensOn} to ${round.closesOn}, up to ${pounds(round.maxAward)} each.`;
    return cardReply(renderCard('grant-round', card), `Grants: ${round.name}`, 'all');
  } catch (error) {
    if (error instanceof ValidationError) return sendBack(error.fields.length > 0 ? onTheForm(error.fields) : error.problems.map((message) => ({ field: 'name', message })));
    throw error;
  }
}

export function budgetForm(turn: Turn, roundId: string): Reply {
  if (!may(turn.person, 'grants.rounds.manage')) return textReply(refusalFor('grants.rounds.manage'));
  const round = turn.deps.store.get('grantRounds', roundId);
  if (!round) throw new NotFoundError('grants round', roundId);
  return cardReply(renderCard('grant-budget-form', grantBudgetFormCard(turn.deps.store, round)), BUDGET_FORM_TITLE, 'interactor');
}

export async function saveBudget(turn: Turn, action: Extract<CardAction, { verb: 'grant.set-budget' }>): Promise<Reply> {
  const person = turn.person;
  if (!person || !may(person, 'grants.rounds.manage')) return textReply(refusalFor('grants.rounds.manage'));
  const round = turn.deps.store.get('grantRounds', action.roundId);
  if (!round) throw new NotFoundError('grants round', action.roundId);
  const values: BudgetFormValues = { council: action.council, rtp: action.rtp, external: action.external };
  const parsed = parseBudgetForm(values);
  const sendBack = (problems: ValidationError['fields'], errorText?: string) => {
    const current = turn.deps.store.get('grantRounds', action.roundId) ?? round;
    return cardReply(renderCard('grant-budget-form', grantBudgetFormCard(turn.deps.store, current, values, problems, errorText)), BUDGET_FORM_TITLE, 'interactor');
  };
  if (!parsed.ok) return sendBack(parsed.problems);
  try {
    const changed = await setRoundBudget(turn.deps.store, changeContext(turn), person.id, { roundId: round.id, expectedVersion: action.version, budget: parsed.budget });
    const card = grantRoundCard(turn.deps.store, changed, person);
    card.notice = `Budget of ${changed.id} changed: council ${pounds(changed.budget.council)}, RTP ${pounds(changed.budget.rtp)}, external ${pounds(changed.budget.external)}.`;
    return cardReply(renderCard('grant-round', card), `Grants: ${changed.name}`, 'all');
  } catch (error) {
    if (error instanceof ValidationError) return sendBack(onTheForm(error.fields), error.fields.length > 0 ? undefined : `Not saved: ${error.problems.join(' ')}`);
    throw error;
  }
}
