// For the people who handle intelligence: the queue, reading and reviewing one report, and the
// export (alerts about urgent reports: src/bot/intel-alerts.ts). Every read goes through the
// domain's access rules and is audited.
import { may, refusalFor } from '../../domain/access/permissions.ts';
import { renderCard } from '../../cards/render-card.ts';
import { format, parseISO, subMonths } from 'date-fns';
import type { Notice } from '../../cards/card-models.ts';
import { formatDay } from '../../cards/format.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { reviewReport, StaleReportError } from '../../domain/intel/review-report.ts';
import { canReadReport, canReviewIntel, checkPeriod, listReports, readReport } from '../../domain/intel/intel-access.ts';
import { exportSubject } from '../../links/link-files.ts';
import type { IntelReport } from '../../domain/model.ts';
import type { CardAction } from '../card-actions.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { intelDetailCard } from '../views/intel-views.ts';
import { intelQueueList } from '../views/list-views.ts';
import { inert } from '../inert-text.ts';

const PRIVATE_ONLY = 'Intelligence reports are only shown in our 1:1 chat.';
const QUEUE_SHOWN = 20;

const ctxOf = (turn: Turn) => ({ actor: { ...(turn.person ? { personId: turn.person.id } : {}), name: turn.displayName, ...(turn.channel.account ? { account: turn.channel.account } : {}) }, via: turn.channel.via });
const isPrivate = (turn: Turn) => turn.conversation === 'personal' || turn.channel.privateReplies === true;

export async function showIntelReport(turn: Turn, id: string, replace?: 'interactor'): Promise<Reply> {
  if (!isPrivate(turn)) return textReply(PRIVATE_ONLY);
  if (!turn.person) return textReply('I do not know you yet: type `whoami` and send the account code to a forum coordinator.');
  const wanted = id.trim().toUpperCase();
  try {
    const report = await readReport(turn.deps.store, ctxOf(turn), turn.person, wanted);
    const reporter = turn.deps.store.get('people', report.reporterPersonId)?.displayName ?? 'someone no longer registered';
    return cardReply(renderCard('intel-detail', intelDetailCard(report, reporter, turn.deps.timeZone, { canReview: canReviewIntel(turn.person) })), `Report ${report.id}`, replace);
  } catch (error) {
    // Missing and not-allowed look the same, so nobody learns that a report exists.
    if (error instanceof NotFoundError) return textReply(`There is no report "${inert(wanted.slice(0, 40))}" that you can read.`);
    throw error;
  }
}

/** A reviewer's Save review on the detail card: status forward with a note; stale forms refused. */
export async function saveIntelReview(turn: Turn, action: Extract<CardAction, { verb: 'intel.review' }>): Promise<Reply> {
  if (!isPrivate(turn)) return textReply(PRIVATE_ONLY);
  const reviewer = turn.person;
  if (!reviewer || !may(reviewer, 'intel.review')) return textReply(refusalFor('intel.review'));
  const { store, timeZone } = turn.deps;
  const card = (report: IntelReport, notice: Notice) =>
    cardReply(renderCard('intel-detail', intelDetailCard(report, store.get('people', report.reporterPersonId)?.displayName ?? 'someone no longer registered', timeZone, { canReview: true, notice })), `Report ${report.id}`, 'interactor');
  try {
    const amendments = Object.fromEntries((['description', 'location', 'actionsTaken'] as const).filter((f) => action[f] !== undefined).map((f) => [f, action[f]]));
    const before = store.get('intelReports', action.id);
    const report = await reviewReport(store, ctxOf(turn), reviewer, { id: action.id, expectedVersion: action.version, status: action.status, note: action.note ?? '', amendments });
    const corrected = report.amendments.length - (before?.amendments.length ?? 0);
    const markedSensitive = before?.handling !== report.handling ? ' It is now OFFICIAL-SENSITIVE: the new text still looks like it identifies someone.' : '';
    return card(report, { text: `Saved: marked ${report.status} by ${inert(reviewer.displayName)}${corrected > 0 ? `, with ${corrected} field${corrected === 1 ? '' : 's'} corrected (the earlier text is kept in the history)` : ''}.${markedSensitive}`, colour: 'Good' });
  } catch (error) {
    if (error instanceof StaleReportError) return card(error.current, { text: `${error.message} Check the notes below and save again.`, colour: 'Warning' });
    if (error instanceof ValidationError) {
      const current = store.get('intelReports', action.id);
      if (current && canReadReport(reviewer, current)) return card(current, { text: `Not saved: ${error.problems.join('; ')}.`, colour: 'Attention' });
    }
    if (error instanceof NotFoundError) return textReply(`There is no report "${inert(action.id.slice(0, 40))}" that you can read.`);
    throw error;
  }
}

/** "Correct the text": the same report with its free text as inputs, for a reviewer. The read is audited like any other. */
export async function amendIntelForm(turn: Turn, id: string): Promise<Reply> {
  if (!isPrivate(turn)) return textReply(PRIVATE_ONLY);
  const reviewer = turn.person;
  if (!reviewer || !may(reviewer, 'intel.amend')) return textReply(refusalFor('intel.amend'));
  try {
    const report = await readReport(turn.deps.store, ctxOf(turn), reviewer, id.trim().toUpperCase());
    const reporter = turn.deps.store.get('people', report.reporterPersonId)?.displayName ?? 'someone no longer registered';
    if (report.status === 'closed') return textReply(`Report ${report.id} is closed, so its text can no longer be corrected.`);
    return cardReply(renderCard('intel-detail', intelDetailCard(report, reporter, turn.deps.timeZone, { canReview: true, amending: true })), `Correct report ${report.id}`, 'interactor');
  } catch (error) {
    if (error instanceof NotFoundError) return textReply(`There is no report "${inert(id.slice(0, 40))}" that you can read.`);
    throw error;
  }
}

export async function showIntelQueue(turn: Turn): Promise<Reply> {
  if (!isPrivate(turn)) return textReply(PRIVATE_ONLY);
  if (!turn.person) return textReply('I do not know you yet: type `whoami` and send the account code to a forum coordinator.');
  const reviewer = canReviewIntel(turn.person);
  const reports = await listReports(turn.deps.store, ctxOf(turn), turn.person, reviewer ? { status: ['new'] } : {});
  if (reports.length === 0) return textReply(reviewer ? 'No new reports to review.' : 'You have not logged any reports you can see here.');
  const list = intelQueueList(reports, reviewer, QUEUE_SHOWN, turn.deps.timeZone);
  return cardReply(renderCard('item-list', list), `${list.title} (${reports.length})`);
}

/** `intel export`: a one-time link to a CSV of the period's reports (default: the last 12 months), made when it is opened. */
export async function exportIntel(turn: Turn, from?: string, to?: string): Promise<Reply> {
  if (!isPrivate(turn)) return textReply(PRIVATE_ONLY);
  const reviewer = turn.person;
  if (!reviewer || !may(reviewer, 'intel.export')) return textReply(refusalFor('intel.export'));
  const period = { from: from ?? format(subMonths(parseISO(turn.today), 12), 'yyyy-MM-dd'), to: to ?? turn.today };
  try {
    checkPeriod(period);
  } catch (error) {
    if (error instanceof ValidationError) return textReply(`${error.problems.join('. ')}. Type \`intel export 2026-01-01 2026-03-31\` for a period, or \`intel export\` for the last 12 months.`);
    throw error;
  }
  const link = await turn.deps.links.issue(ctxOf(turn), { purpose: 'intel-export', holder: reviewer.id, subject: exportSubject(period) });
  return textReply(`Reports from ${formatDay(period.from)} to ${formatDay(period.to)}: [download the CSV](${link.url}). The link works once, for 10 minutes; the download is recorded in the audit log. Keep the file as OFFICIAL-SENSITIVE.`);
}
