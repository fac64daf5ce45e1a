// Finding, showing and updating milestones. Each handler reads the store, applies the domain
// rules and answers with a card; nothing here knows which chat platform the person is on.
import { renderCard } from '../../cards/render-card.ts';
import { counted } from '../../cards/wording.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { findMilestones, type MilestoneFilter } from '../../domain/milestones/milestone-queries.ts';
import { mayChangeStatus, STATUS_LABELS } from '../../domain/milestones/milestone-rules.ts';
import { StaleVersionError, updateMilestone } from '../../domain/milestones/update-milestone.ts';
import { ForbiddenError } from '../../domain/access/permissions.ts';
import type { Milestone } from '../../domain/model.ts';
import { formatInstant } from '../../cards/format.ts';
import type { CardAction } from '../card-actions.ts';
import { parseMilestoneQuery } from '../commands/milestone-query.ts';
import { words } from '../commands/command-text.ts';
import { cardReply, forThePerson, showsMilestone, textReply, type Reply, type Turn } from '../turn.ts';
import { milestoneNudgeCard } from '../views/milestone-nudge-view.ts';
import { planSummaryCard } from '../views/plan-summary-view.ts';
import { peopleLine, withMentions } from '../views/mentions.ts';
import { ownersOf } from '../views/meeting-pack-view.ts';
import { PAGE_SIZE, milestoneDetailCard, milestoneShareCard, milestoneHistoryCard, milestoneListCard, milestoneUpdateForm, whoCanUpdate, type FormValues } from '../views/milestone-views.ts';
import { organisationName } from './describe.ts';
import { inert } from '../inert-text.ts';

/** `milestones ...`: the command's words after "milestones", and the page to show. */
export function listMilestones(turn: Turn, tokens: string[], page = 1): Reply {
  const { store } = turn.deps;
  const query = parseMilestoneQuery(tokens, { organisations: store.all('organisations'), themes: store.all('themes') }, turn.today);
  const filter: MilestoneFilter = { today: turn.today, ...query.filter };
  const narrowed = Boolean(query.filter.organisationIds || query.filter.themeId || query.filter.text);
  const wantsMine = query.scope === 'mine' || (query.scope === 'default' && turn.conversation === 'personal' && !narrowed);

  let title = 'Milestones';
  let scopeNote: string | undefined;
  let used: MilestoneFilter = filter;
  if (wantsMine && !turn.person) {
    scopeNote = 'I do not know you yet, so this is the whole plan. Type `whoami` and send the account code to a forum coordinator to see your own.';
  } else if (wantsMine && turn.person) {
    title = 'Your milestones';
    used = { ...filter, ownerPersonId: turn.person.id };
    const assignedByName = findMilestones(store, { today: turn.today, ownerPersonId: turn.person.id }).length > 0;
    if (!assignedByName && turn.person.organisationId && !query.filter.organisationIds) {
      const orgName = organisationName(store, turn.person.organisationId);
      title = `${orgName} milestones`;
      used = { ...filter, organisationIds: [turn.person.organisationId] };
      scopeNote = `None are assigned to you by name, so these are ${orgName}'s. Type \`milestones all\` for the whole plan.`;
    } else if (!assignedByName) {
      used = filter;
      title = 'Milestones';
      scopeNote = 'None are assigned to you by name, so this is the whole plan.';
    }
  }
  const found = findMilestones(store, used);
  // Finished ones left out by default are counted, and one tap away.
  const finished = used.openOnly ? findMilestones(store, { ...used, openOnly: false }).length - found.length : 0;
  const described = [...(wantsMine ? [] : query.scope === 'all' ? ['Whole plan'] : []), ...query.described];
  const card = milestoneListCard(
    store,
    found,
    { title, filterText: described.length > 0 ? `${described.join(', ')}${used.openOnly ? ' (open only)' : ''}` : 'Open milestones, overdue first', ...(scopeNote ? { scopeNote } : {}), query: ['milestones', ...tokens].join(' '), page, skipped: (id, error) => turn.deps.logger.error({ err: error, milestone: id }, 'a milestone could not be shown in a list') },
    turn.today,
    turn.person,
  );
  if (finished > 0) {
    card.finishedText = `${counted(finished, 'finished milestone')} (complete or closed) not listed.`;
    card.finishedQuery = ['milestones', 'finished', ...tokens].join(' ');
  }
  // An overdue list posted in a shared conversation mentions the owners it lists, so they are notified.
  if (used.overdue && turn.conversation !== 'personal' && page === 1) {
    const people = peopleLine([{ label: 'Owners', people: ownersOf(store, found.slice(0, PAGE_SIZE)) }], turn.channel.via);
    if (people) Object.assign(card, { peopleText: people.text, mentions: people.mentions });
  }
  const reply = cardReply(withMentions(renderCard('milestone-list', card), card.mentions), `${title}: ${card.countText}`);
  return wantsMine && turn.person ? forThePerson(reply) : reply;
}

/** Paging re-runs the query the list was made from (it travels on the button). */
export function pageMilestones(turn: Turn, action: Extract<CardAction, { verb: 'milestones.page' }>): Reply {
  const tokens = words(action.query);
  const rest = tokens[0] === 'milestones' || tokens[0] === 'milestone' ? tokens.slice(1) : tokens;
  const reply = listMilestones(turn, rest, action.page);
  return reply.kind === 'card' ? { ...reply, replace: 'interactor' } : reply;
}

export function milestoneOrThrow(turn: Turn, id: string): Milestone {
  const wanted = id.trim().toUpperCase();
  const m = turn.deps.store.get('milestones', wanted) ?? turn.deps.store.all('milestones').find((x) => x.id.toUpperCase() === wanted);
  if (!m) throw new NotFoundError('milestone', wanted);
  return m;
}

export function showMilestone(turn: Turn, id: string, replace?: 'interactor'): Reply {
  if (!id) return textReply('Which milestone? Type `milestone` and its id, e.g. `milestone BSC-0.1-M2`, or find it with `milestones`.');
  const m = milestoneOrThrow(turn, id);
  const reply = cardReply(renderCard('milestone-detail', milestoneDetailCard(turn.deps.store, m, turn.today, turn.person)), `Milestone ${m.id}`, replace);
  return replace ? reply : showsMilestone(reply, m.id);
}

/**
 * A shared milestone card asked for again (Teams Universal Actions refresh, automatic or the
 * Refresh button): the milestone as it is now, with Update only for a viewer who may update it
 * where the answer reaches that viewer alone; elsewhere the card as posted, for everyone.
 */
export function refreshSharedMilestone(turn: Turn, id: string): Reply {
  const m = milestoneOrThrow(turn, id);
  const viewer = turn.channel.perViewerCards ? { person: turn.person } : undefined;
  return cardReply(renderCard('milestone-share', milestoneShareCard(turn.deps.store, m, turn.today, turn.now, viewer)), `Milestone ${m.id}`, 'interactor');
}

/** A page of the milestone's whole history, in place of the card that was clicked. */
export function showMilestoneHistory(turn: Turn, id: string, page: number): Reply {
  const m = milestoneOrThrow(turn, id);
  const card = milestoneHistoryCard(turn.deps.store, m, page);
  return cardReply(renderCard('milestone-history', card), `History of ${m.id}: ${card.countText}`, 'interactor');
}

export function editMilestone(turn: Turn, id: string | undefined, replace?: 'interactor', values?: FormValues): Reply {
  if (!id) return textReply('Which milestone? Type `update` and its id, e.g. `update BSC-0.1-M2`. `milestones` lists yours.');
  const m = milestoneOrThrow(turn, id);
  const action = turn.deps.store.get('actions', m.actionId);
  if (!turn.person || !mayChangeStatus(turn.person, m, action)) return textReply(whoCanUpdate(turn.deps.store, m));
  return cardReply(renderCard('milestone-update-form', milestoneUpdateForm(turn.deps.store, m, turn.today, values ? { values } : {})), `Update ${m.id}`, replace);
}

/** The form's Save: applied only if the rules allow it and nobody changed the milestone meanwhile. */
export async function saveMilestoneUpdate(turn: Turn, action: Extract<CardAction, { verb: 'milestone.update' }>): Promise<Reply> {
  const { store } = turn.deps;
  const m = milestoneOrThrow(turn, action.id);
  const person = turn.person;
  if (!person) return textReply(whoCanUpdate(store, m));
  const nudgeMeetingId = action.meetingId || undefined;
  const values = {
    status: action.status,
    commentary: action.commentary ?? '',
    revisedDue: action.revisedDue ?? '',
    evidence: action.evidence ?? '',
  };
  try {
    const { milestone } = await updateMilestone(
      store,
      { actor: { personId: person.id, name: person.displayName, ...(turn.channel.account ? { account: turn.channel.account } : {}) }, via: turn.channel.via },
      {
        milestoneId: m.id,
        expectedVersion: action.version,
        status: action.status,
        ...(action.commentary ? { commentary: action.commentary } : {}),
        ...(action.revisedDue ? { revisedDue: action.revisedDue } : {}),
        ...(action.evidence ? { evidence: action.evidence } : {}),
      },
      { kind: 'person', person },
    );
    const notice = { text: `Saved by ${inert(person.displayName)}: now ${STATUS_LABELS[milestone.status].words} (version ${milestone.version}).`, colour: 'Good' as const };
    const nudge = nudgeMeetingId ? store.get('meetings', nudgeMeetingId) : undefined;
    if (nudge) {
      const saved = { text: `${milestone.id} saved: now ${STATUS_LABELS[milestone.status].words}.`, colour: 'Good' as const };
      return cardReply(renderCard('milestone-nudge', milestoneNudgeCard(store, person, nudge, turn.now, turn.deps.timeZone, saved)), `${milestone.id} updated by ${person.displayName}`, 'interactor');
    }
    const card = renderCard('milestone-detail', milestoneDetailCard(store, milestone, turn.today, turn.person, notice));
    return showsMilestone(cardReply(card, `${milestone.id} updated by ${person.displayName}`, 'all'), milestone.id);
  } catch (error) {
    if (error instanceof ValidationError) {
      return cardReply(renderCard('milestone-update-form', milestoneUpdateForm(store, m, turn.today, { values, errors: error.problems, ...(nudgeMeetingId ? { nudgeMeetingId } : {}) })), `Update ${m.id}: not saved`, 'interactor');
    }
    if (error instanceof StaleVersionError) {
      const last = error.since.at(-1);
      const changed = last
        ? `${inert(last.by)} changed this milestone at ${formatInstant(last.at)} (now ${STATUS_LABELS[error.current.status].words}, version ${error.current.version}).`
        : 'Someone changed this milestone meanwhile.';
      const notice = { text: `${changed} Your update was not applied. Your entries are kept below: check them against the change and save again.`, colour: 'Warning' as const };
      return cardReply(renderCard('milestone-update-form', milestoneUpdateForm(store, error.current, turn.today, { values, notice, ...(nudgeMeetingId ? { nudgeMeetingId } : {}) })), `Update ${m.id}: changed meanwhile`, 'interactor');
    }
    if (error instanceof ForbiddenError) return textReply(whoCanUpdate(store, m));
    throw error;
  }
}

export function showPlanSummary(turn: Turn, replace?: 'interactor'): Reply {
  return cardReply(renderCard('plan-summary', planSummaryCard(turn.deps.store, turn.today, turn.now)), 'Action plan summary', replace);
}
