// The grants fund in chat: the round at a glance, one application, and the panel's and the grants
// officer's forms (score, conflict, decide, pay) and a new status link. Each handler checks the
// role for its answer and calls one domain service; the services check again in their transaction.
import { renderCard } from '../../cards/render-card.ts';
import { may, refusalFor } from '../../domain/access/permissions.ts';
import { ForumError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { replaceStatusLink } from '../../domain/grants/grant-applications.ts';
import { decideApplication } from '../../domain/grants/grant-decisions.ts';
import { recordPayment } from '../../domain/grants/grant-payments.ts';
import type { GrantApplication, GrantRound } from '../../domain/grants/grant-records.ts';
import { declareConflict, hasConflict, scoreApplication } from '../../domain/grants/grant-scores.ts';
import type { ThemeId } from '../../domain/theme-ids.ts';
import type { CardAction } from '../card-actions.ts';
import { cardReply, changeContext, textReply, type Reply, type Turn } from '../turn.ts';
import { currentRound, grantDecisionFormCard, grantDetailCard, grantPaymentFormCard, grantRoundCard, grantScoreFormCard } from '../views/grant-views.ts';

function applicationOf(turn: Turn, reference: string): { application: GrantApplication; round: GrantRound } {
  const application = turn.deps.store.get('grantApplications', reference);
  const round = application && turn.deps.store.get('grantRounds', application.roundId);
  if (!application || !round) throw new NotFoundError('grant application', reference);
  return { application, round };
}

const inChannel = (turn: Turn) => turn.conversation !== 'personal' && !turn.channel.privateReplies;

function detail(turn: Turn, reference: string, notice?: string, replace: 'interactor' | 'all' = 'interactor'): Reply {
  const { application } = applicationOf(turn, reference);
  const card = grantDetailCard(turn.deps.store, application, turn.person, { inChannel: inChannel(turn), ...(notice ? { notice } : {}) });
  return cardReply(renderCard('grant-detail', card), `Grant application ${reference}`, replace);
}

export function showGrants(turn: Turn, replace?: 'interactor'): Reply {
  if (!may(turn.person, 'grants.view')) return textReply(refusalFor('grants.view'));
  const round = currentRound(turn.deps.store, turn.today);
  if (!round) return textReply(may(turn.person, 'grants.rounds.manage') ? 'There is no grants round yet. Open one with `grants open round`.' : 'There is no grants round yet. A coordinator opens one.');
  return cardReply(renderCard('grant-round', grantRoundCard(turn.deps.store, round, turn.person)), `Grants: ${round.name}`, replace);
}

export function showGrant(turn: Turn, reference: string | undefined, replace?: 'interactor'): Reply {
  if (!may(turn.person, 'grants.view')) return textReply(refusalFor('grants.view'));
  if (!reference) return textReply('Which application? Type `grant` and its reference, e.g. `grant BSC-7K3P9Q`.');
  return detail(turn, reference, undefined, replace ?? 'interactor');
}

export function scoreForm(turn: Turn, reference: string): Reply {
  if (!may(turn.person, 'grants.score')) return textReply(refusalFor('grants.score'));
  const { application, round } = applicationOf(turn, reference);
  if (turn.person && hasConflict(turn.deps.store, reference, turn.person.id)) return textReply(`You declared a conflict of interest on ${reference}, so you cannot score it.`);
  return cardReply(renderCard('grant-score-form', grantScoreFormCard(round, application)), `Score ${reference}`, 'interactor');
}

export async function saveScore(turn: Turn, action: Extract<CardAction, { verb: 'grant.score' }>): Promise<Reply> {
  const person = turn.person;
  if (!person || !may(person, 'grants.score')) return textReply(refusalFor('grants.score'));
  const { application, round } = applicationOf(turn, action.reference);
  const raw = action as unknown as Record<string, string | number | undefined>;
  const scores: Partial<Record<ThemeId, number>> = {};
  const values: Record<string, string> = { comment: action.comment ?? '' };
  for (const criterion of round.criteria) {
    const value = raw[`score-${criterion}`];
    values[`score-${criterion}`] = value === undefined ? '' : String(value);
    if (value !== undefined && /^[1-5]$/.test(String(value).trim())) scores[criterion] = Number(value);
  }
  try {
    await scoreApplication(turn.deps.store, changeContext(turn), person.id, { applicationId: application.id, scores, ...(action.comment ? { comment: action.comment } : {}) });
  } catch (error) {
    if (error instanceof ValidationError) {
      // A missing or out-of-range score is said once for the form; any other refusal (decided meanwhile) as it is.
      const text = error.fields.length > 0 ? 'Not saved: give a score from 1 to 5 for every criterion.' : `Not saved: ${error.problems.join(' ')}`;
      return cardReply(renderCard('grant-score-form', grantScoreFormCard(round, application, values, text)), `Score ${application.id}`, 'interactor');
    }
    if (error instanceof ForumError && error.code === 'CONFLICT_OF_INTEREST') return textReply(error.message);
    throw error;
  }
  // A saved change: the card is redrawn where it was (and a dialog closes saying so).
  return detail(turn, application.id, 'Your scores were saved.', 'all');
}

export async function saveConflict(turn: Turn, reference: string): Promise<Reply> {
  const person = turn.person;
  if (!person || !may(person, 'grants.score')) return textReply(refusalFor('grants.score'));
  await declareConflict(turn.deps.store, changeContext(turn), person.id, reference);
  return detail(turn, reference, 'Conflict of interest recorded: you are kept out of this application from now on (any score you gave is withdrawn).');
}

export function decisionForm(turn: Turn, reference: string): Reply {
  if (!may(turn.person, 'grants.decide')) return textReply(refusalFor('grants.decide'));
  const { application, round } = applicationOf(turn, reference);
  return cardReply(renderCard('grant-decision-form', grantDecisionFormCard(turn.deps.store, round, application)), `Decide ${reference}`, 'interactor');
}

export async function saveDecision(turn: Turn, action: Extract<CardAction, { verb: 'grant.decide' }>): Promise<Reply> {
  const person = turn.person;
  if (!person || !may(person, 'grants.decide')) return textReply(refusalFor('grants.decide'));
  const { application, round } = applicationOf(turn, action.reference);
  const amounts = { council: action.council, rtp: action.rtp, external: action.external };
  const reason = action.reason ?? '';
  try {
    const input = action.outcome === 'award' ? { outcome: 'award' as const, amounts } : { outcome: 'decline' as const };
    const result = await decideApplication(turn.deps.store, changeContext(turn), person.id, { applicationId: application.id, expectedVersion: action.version, reason, ...input });
    const said = result.decision.outcome === 'award' ? `Awarded. ${result.returns.length} monitoring returns are due (from ${result.returns[0]?.dueOn ?? '?'}). The group sees the decision on its status page.` : 'Declined. The group sees the decision and the reason on its status page.';
    return detail(turn, application.id, said, 'all');
  } catch (error) {
    if (error instanceof ValidationError || (error instanceof ForumError && error.code === 'OVER_BUDGET')) {
      const problem = error instanceof ValidationError ? `Not saved: ${error.problems.join(' ')}` : error.message;
      return cardReply(renderCard('grant-decision-form', grantDecisionFormCard(turn.deps.store, round, turn.deps.store.get('grantApplications', application.id) ?? application, { outcome: action.outcome, ...amounts, reason }, problem)), `Decide ${application.id}`, 'interactor');
    }
    throw error;
  }
}

export function paymentForm(turn: Turn, reference: string): Reply {
  if (!may(turn.person, 'grants.pay')) return textReply(refusalFor('grants.pay'));
  const { application } = applicationOf(turn, reference);
  return cardReply(renderCard('grant-payment-form', grantPaymentFormCard(turn.deps.store, application, turn.today)), `Payment for ${reference}`, 'interactor');
}

export async function savePayment(turn: Turn, action: Extract<CardAction, { verb: 'grant.pay' }>): Promise<Reply> {
  const person = turn.person;
  if (!person || !may(person, 'grants.pay')) return textReply(refusalFor('grants.pay'));
  const { application } = applicationOf(turn, action.reference);
  const values = { source: action.source, amount: action.amount, paidOn: action.paidOn, financeReference: action.financeReference ?? '' };
  try {
    const payment = await recordPayment(turn.deps.store, changeContext(turn), person.id, { applicationId: application.id, ...values });
    return detail(turn, application.id, `Payment ${payment.instalment} recorded: £${payment.amount} from ${payment.source} on ${payment.paidOn}.`, 'all');
  } catch (error) {
    if (error instanceof ValidationError) return cardReply(renderCard('grant-payment-form', grantPaymentFormCard(turn.deps.store, application, turn.today, values, `Not saved: ${error.problems.join(' ')}`)), `Payment for ${application.id}`, 'interactor');
    throw error;
  }
}

/** A new private link for the group; said only in a 1:1 chat (it is the group's key), and the old one stops working. */
export async function newStatusLink(turn: Turn, reference: string): Promise<Reply> {
  const person = turn.person;
  if (!person || !may(person, 'grants.links')) return textReply(refusalFor('grants.links'));
  if (inChannel(turn)) return textReply('A status link is the group\'s only key: ask for it in your 1:1 chat with me, not here.');
  const minter = turn.deps.grantLinks;
  if (!minter) return textReply('Status links cannot be made on this server (the grants pages are not running). Nothing was changed.');
  const minted = minter.mint();
  await replaceStatusLink(turn.deps.store, changeContext(turn), person.id, { applicationId: reference, statusLinkId: minted.id });
  return textReply(`New status link for ${reference} (the old one no longer works). Send it to the group's contact only: ${minted.url}`);
}
