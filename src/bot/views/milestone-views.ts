// Milestones as card data: a list page, the detail with its history, the update form. Builds the
// typed models of cards/ from the store; the handlers decide which one to show.
import type { HistoryEntry, MilestoneDetailCard, MilestoneHistoryCard, MilestoneListCard, MilestoneListItem, MilestoneUpdateFormCard, Notice, MilestoneShareCard } from '../../cards/card-models.ts';
import { dueNote, formatDay, formatInstant, statusView } from '../../cards/format.ts';
import { milestoneHistory } from '../../domain/milestones/milestone-queries.ts';
import { may } from '../../domain/access/permissions.ts';
import { effectiveDue, isFinished, mayChangeStatus, REVISED_DUE, STATUS_LABELS } from '../../domain/milestones/milestone-rules.ts';
import { boundsOn } from '../../domain/values/date-range.ts';
import { MILESTONE_STATUSES, type Milestone, type Person } from '../../domain/model.ts';
import type { ReadView } from '../../store/repository.ts';
import { changedBy, organisationName, responsibleText, updatedByText } from '../handlers/describe.ts';
import { inert } from '../inert-text.ts';
import { renderEach, type SkippedRecord } from './render-each.ts';
import { milestoneRefresh } from './milestone-refresh.ts';

export const PAGE_SIZE = 8;
/** The detail card shows the newest entries; a long history would make the card too tall for Teams. */
const HISTORY_SHOWN = 8;
/** Entries on a page of the full history: a card that fits a chat and a Slack message's 50 blocks. */
export const HISTORY_PAGE_SIZE = 10;

export interface ListRequest {
  title: string;
  filterText: string;
  scopeNote?: string;
  query: string;
  page: number;
  /** Told of a milestone that could not be shown (the rest of the list still is). */
  skipped?: SkippedRecord;
}

export function milestoneListCard(view: ReadView, found: readonly Milestone[], request: ListRequest, today: string, person: Person | undefined): MilestoneListCard {
  const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, request.page), pages);
  const shown = found.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const countText =
    found.length === 0
      ? 'No milestones match.'
      : `${found.length} milestone${found.length === 1 ? '' : 's'}${pages > 1 ? `, page ${page} of ${pages}` : ''}`;
  let unshown = 0;
  const items = renderEach(shown, (m) => listItem(view, m, today, person), (id, error) => {
    unshown += 1;
    request.skipped?.(id, error);
  });
  return {
    title: request.title,
    filterText: request.filterText,
    ...(request.scopeNote ? { scopeNote: request.scopeNote } : {}),
    countText: unshown > 0 ? `${countText} (${unshown} could not be shown; the bot's log names ${unshown === 1 ? 'it' : 'them'})` : countText,
    items,
    ...(found.length === 0 ? { emptyText: 'Try `milestones all`, `milestones overdue` or `summary`.' } : {}),
    query: request.query,
    ...(page > 1 ? { previousPage: page - 1 } : {}),
    ...(page < pages ? { nextPage: page + 1 } : {}),
  };
}

function listItem(view: ReadView, m: Milestone, today: string, person: Person | undefined): MilestoneListItem {
  const action = view.get('actions', m.actionId);
  return {
    id: m.id,
    description: m.description,
    actionTitle: action ? action.title : m.actionId,
    status: statusView(m.status),
    dueText: formatDay(effectiveDue(m)),
    dueNote: dueNote(effectiveDue(m), today, isFinished(m.status)),
    owner: responsibleText(view, m.owner),
    canEdit: person ? mayChangeStatus(person, m, action) : false,
  };
}

export function milestoneDetailCard(view: ReadView, m: Milestone, today: string, person: Person | undefined, notice?: Notice): MilestoneDetailCard {
  const action = view.get('actions', m.actionId);
  const theme = action ? view.get('themes', action.themeId) : undefined;
  const history = milestoneHistory(view, m.id);
  const shown = history.slice(-HISTORY_SHOWN).reverse();
  return {
    id: m.id,
    description: m.description,
    actionId: m.actionId,
    actionTitle: action?.title ?? '',
    themeTitle: theme?.title ?? '',
    owner: responsibleText(view, m.owner),
    lead: action ? responsibleText(view, action.lead) : '',
    status: statusView(m.status),
    dueText: formatDay(effectiveDue(m)),
    dueNote: dueNote(effectiveDue(m), today, isFinished(m.status)),
    ...(m.revisedDue && m.revisedDue !== m.originalDue ? { originalDueText: formatDay(m.originalDue) } : {}),
    ...(m.commentary ? { commentary: m.commentary } : {}),
    ...(m.evidence ? { evidence: m.evidence } : {}),
    updatedText: m.updatedAt ? `Last updated ${formatInstant(m.updatedAt)}${m.updatedBy ? ` ${updatedByText(m.updatedBy)}` : ''} · version ${m.version}` : `Not updated yet · version ${m.version}`,
    version: m.version,
    history: shown.map(historyEntry),
    ...(history.length === 0 ? { historyNote: 'No updates recorded yet.' } : history.length > HISTORY_SHOWN ? { historyNote: `The newest ${HISTORY_SHOWN} of ${history.length} updates. Full history shows them all.`, olderHistoryPage: 1 } : {}),
    ...(notice ? { notice } : {}),
    canEdit: person ? mayChangeStatus(person, m, action) : false,
    canAssign: may(person, 'milestones.assign'),
  };
}

type HistoryUpdate = ReturnType<typeof milestoneHistory>[number];

function historyEntry(u: HistoryUpdate): HistoryEntry {
  return {
    when: formatInstant(u.at),
    status: statusView(u.status),
    byText: changedBy(u.by, u.via),
    ...(u.commentary ? { commentary: u.commentary } : {}),
    ...(u.revisedDue ? { revisedDue: formatDay(u.revisedDue) } : {}),
    ...(u.evidence ? { evidence: u.evidence } : {}),
  };
}

/** Page `page` (from 1, newest first) of a milestone's history; a page past the end shows the last one. */
export function milestoneHistoryCard(view: ReadView, m: Milestone, page: number): MilestoneHistoryCard {
  const history = milestoneHistory(view, m.id);
  const pages = Math.max(1, Math.ceil(history.length / HISTORY_PAGE_SIZE));
  const shownPage = Math.min(Math.max(1, page), pages);
  const newestFirst = [...history].reverse();
  const first = (shownPage - 1) * HISTORY_PAGE_SIZE;
  const shown = newestFirst.slice(first, first + HISTORY_PAGE_SIZE);
  const countText =
    history.length === 0
      ? 'No updates recorded yet.'
      : history.length === 1
        ? 'The only update.'
        : shown.length === history.length
          ? `All ${history.length} updates, newest first.`
          : `Updates ${first + 1} to ${first + shown.length} of ${history.length}, newest first.`;
  return {
    id: m.id,
    description: m.description,
    countText,
    history: shown.map(historyEntry),
    ...(shownPage > 1 ? { newerPage: shownPage - 1 } : {}),
    ...(shownPage < pages ? { olderPage: shownPage + 1 } : {}),
  };
}

/** What the person typed, kept when a form comes back with problems so nothing is lost. */
export interface FormValues {
  status?: Milestone['status'];
  commentary?: string;
  revisedDue?: string;
  evidence?: string;
}

export function milestoneUpdateForm(view: ReadView, m: Milestone, today: string, options: { values?: FormValues; errors?: string[]; notice?: Notice; nudgeMeetingId?: string } = {}): MilestoneUpdateFormCard {
  const values = options.values ?? {};
  const bounds = boundsOn(REVISED_DUE.range, today);
  // A revised date that has passed is not proposed again: it would be refused, and it is not a plan.
  const storedRevised = m.revisedDue && m.revisedDue >= today ? m.revisedDue : '';
  return {
    id: m.id,
    description: m.description,
    version: m.version,
    status: values.status ?? m.status,
    statusChoices: MILESTONE_STATUSES.map((s) => ({ title: statusView(s).label, value: s })),
    commentary: values.commentary ?? '',
    revisedDue: values.revisedDue ?? storedRevised,
    revisedDueMin: bounds.earliest ?? today,
    revisedDueMax: bounds.latest ?? '',
    evidence: values.evidence ?? m.evidence ?? '',
    currentText: `Now: ${STATUS_LABELS[m.status].colour === 'None' ? '' : `${STATUS_LABELS[m.status].colour}, `}${STATUS_LABELS[m.status].words}; due ${formatDay(effectiveDue(m))}; owner ${inert(responsibleText(view, m.owner))}.`,
    errors: options.errors ?? [],
    ...(options.notice ? { notice: options.notice } : {}),
    ...(options.nudgeMeetingId ? { nudgeMeetingId: options.nudgeMeetingId } : {}),
  };
}

/** Names who may change a milestone, for a refusal that tells people whom to ask. */
export function whoCanUpdate(view: ReadView, m: Milestone): string {
  const action = view.get('actions', m.actionId);
  // A text reply (markdown): the names are quoted inert.
  const owner = inert(responsibleText(view, m.owner));
  const lead = action ? inert(responsibleText(view, action.lead)) : undefined;
  const org = inert(organisationName(view, m.owner.organisationId));
  return `Only the milestone owner (${owner})${lead && lead !== owner ? `, the action lead (${lead})` : ''}, a forum coordinator or an admin can update ${m.id}. If you are the owner at ${org}, ask a coordinator to link your account (type \`whoami\` for your account code).`;
}

/**
 * A milestone as shared into a conversation: as posted, the same for every viewer and dated, with
 * Update for all (its dialog checks who may); `viewer` given, that person's own version (Teams
 * refresh): Update only if they may update it.
 */
export function milestoneShareCard(view: ReadView, m: Milestone, today: string, now: Date, viewer?: { person: Person | undefined }): MilestoneShareCard {
  const action = view.get('actions', m.actionId);
  const showUpdate = viewer === undefined || (viewer.person !== undefined && mayChangeStatus(viewer.person, m, action));
  return {
    ...milestoneRefresh(view, m),
    showUpdate,
    id: m.id,
    description: m.description,
    status: statusView(m.status),
    dueText: formatDay(effectiveDue(m)),
    dueNote: dueNote(effectiveDue(m), today, isFinished(m.status)),
    owner: responsibleText(view, m.owner),
    ...(m.commentary ? { commentary: m.commentary } : {}),
    asOfText: `Status as of ${formatInstant(now.toISOString())}; it may have changed since.`,
  };
}
