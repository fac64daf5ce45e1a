// Community intelligence from chat: the private form, the personal-data check, the private
// confirmation, and the forum's per-ward picture. The handling rules live in src/domain/intel;
// here they meet the person and the conversation.
import { renderCard } from '../../cards/render-card.ts';
import { formatDay } from '../../cards/format.ts';
import { ValidationError } from '../../domain/errors.ts';
import { defaultSummaryPeriod, intelSummary } from '../../domain/intel/intel-summary.ts';
import { logIntelReport } from '../../domain/intel/log-report.ts';
import { findIdentifiers, IDENTIFIER_LABELS } from '../../domain/intel/personal-data.ts';
import type { EscalationReason } from '../../domain/intel/escalation.ts';
import type { IntelReport, OutboxMessage } from '../../domain/model.ts';
import { INTEL_FORM_FIELDS, type CardAction } from '../card-actions.ts';
import { replyActivity } from '../reply-activity.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { ALERT_ANSWER_WAIT_MS, alertReviewers, within } from '../intel-alerts.ts';
import { alertFollowUpText, alertOutcomeText, alertsFailedText, alertsUnderWayText } from '../views/alert-views.ts';
import { intelFormCard, intelLoggedCard, tensionsSummaryCard, type IntelFormValues } from '../views/intel-views.ts';
import { inert } from '../inert-text.ts';

/** Nothing about a report may appear in a shared conversation, so forms are only offered 1:1. */
const ONE_TO_ONE_ONLY = 'To keep it private, I take intelligence reports only in our 1:1 chat (or, in Slack, through `/forum log intel`): open a chat with me and type `log intel`.';
const NOT_KNOWN = 'I need to know who you are before you can log intelligence: type `whoami` and send the account code to a forum coordinator.';

/** A 1:1 chat, or a turn whose every reply reaches the person alone (e.g. a Slack modal). */
const isPrivate = (turn: Turn) => turn.conversation === 'personal' || turn.channel.privateReplies === true;

/**
 * The report form. `draft` is a message's text taken from its "..." menu: it becomes the draft
 * description, checked for identifiers at once, and lives only in the open dialog or modal until
 * the report is submitted. Such a form only ever opens privately: nothing reaches the conversation.
 */
export async function intelForm(turn: Turn, replace?: 'interactor', draft?: string): Promise<Reply> {
  if (!turn.person) return textReply(isPrivate(turn) ? NOT_KNOWN : ONE_TO_ONE_ONLY);
  if (draft !== undefined) {
    if (!isPrivate(turn)) return textReply(ONE_TO_ONE_ONLY);
    return cardReply(renderCard('intel-form', intelFormCard(turn.today, draftOptions(draft))), 'Log community intelligence', replace);
  }
  const form = cardReply(renderCard('intel-form', intelFormCard(turn.today)), 'Log community intelligence', replace);
  if (isPrivate(turn)) return form;
  // Asked in a shared conversation: the form goes to the person's 1:1 chat, and the channel hears
  // only that a private message was sent, nothing about any report.
  if (await turn.deps.directMessages.send(turn.person, replyActivity(form), turn.channel.via)) {
    return textReply(`${inert(turn.person.displayName)}, I have sent you a private message.`);
  }
  return textReply(ONE_TO_ONE_ONLY);
}

/** The message as the draft description, with the identifiers it seems to hold shown before anything is saved. */
function draftOptions(draft: string): Parameters<typeof intelFormCard>[1] {
  const description = draft.trim();
  const identifiers = findIdentifiers(description).map((f) => ({ label: IDENTIFIER_LABELS[f.kind], text: f.text }));
  const notice = identifiers.length > 0
    ? { text: 'The message seems to hold details that identify someone (below). Remove them from the description unless they are necessary. Nothing is saved until you submit.', colour: 'Warning' as const }
    : { text: 'The message is the draft description. Nothing is saved, and nothing is posted to the conversation, unless you submit the report.', colour: 'Accent' as const };
  return { values: { description }, identifiers, notice };
}

function typedValues(action: Extract<CardAction, { verb: 'intel.submit' }>): Partial<IntelFormValues> {
  const fields: Record<string, unknown> = action;
  const values: Partial<IntelFormValues> = {};
  for (const field of INTEL_FORM_FIELDS) {
    const value = fields[field];
    if (field !== 'identifiersConfirmed' && typeof value === 'string') values[field] = value;
  }
  return values;
}

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export async function submitIntel(turn: Turn, action: Extract<CardAction, { verb: 'intel.submit' }>): Promise<Reply> {
  if (!isPrivate(turn)) return textReply(ONE_TO_ONE_ONLY);
  const reporter = turn.person;
  if (!reporter) return textReply(NOT_KNOWN);
  const values = typedValues(action);
  const confirmed = (action as Record<string, unknown>).identifiersConfirmed === 'true';
  const draft = {
    occurredDate: values.occurredDate,
    occurredTime: values.occurredTime,
    areaId: values.areaId,
    location: values.location || undefined,
    category: values.category,
    hateStrands: list(values.hateStrands),
    communitiesAffected: list(values.communitiesAffected),
    description: values.description,
    sourceType: values.sourceType,
    sourceReliability: values.sourceReliability,
    informationConfidence: values.informationConfidence,
    tensionLevel: values.tensionLevel ? Number(values.tensionLevel) : undefined,
    tensionTrend: values.tensionTrend,
    reportedToPolice: values.reportedToPolice === 'true',
    policeReference: values.policeReference || undefined,
    actionsTaken: values.actionsTaken || undefined,
    handling: values.handling,
  };
  const ctx = { actor: { personId: reporter.id, name: reporter.displayName, ...(turn.channel.account ? { account: turn.channel.account } : {}) }, via: turn.channel.via };
  try {
    const result = await logIntelReport(turn.deps.store, ctx, { draft, reporter, now: turn.now, retentionMonths: turn.deps.intel.retentionMonths, weeklyThreshold: turn.deps.intel.wardAlertThreshold, timeZone: turn.deps.timeZone, identifiersConfirmed: confirmed });
    if (result.kind === 'identifiers-found') {
      const identifiers = result.findings.map((f) => ({ label: IDENTIFIER_LABELS[f.kind], text: f.text }));
      const notice = { text: 'Not saved yet: remove the details below from the text, or tick the box to confirm they are necessary.', colour: 'Warning' as const };
      return cardReply(renderCard('intel-form', intelFormCard(turn.today, { values, identifiers, notice })), 'Check the report before it is saved', 'interactor');
    }
    const { report, escalations, alerts } = result;
    turn.deps.logger.info({ report: report.id, level: report.tensionLevel, area: report.areaId, escalations: escalations.length }, 'intelligence logged');
    const card = intelLoggedCard(report);
    if (escalations.length > 0) card.escalationText = await alertText(turn, report, escalations, alerts);
    return cardReply(renderCard('intel-logged', card), `Report ${report.id} logged`, 'interactor');
  } catch (error) {
    if (error instanceof ValidationError) {
      return cardReply(renderCard('intel-form', intelFormCard(turn.today, { values, errors: error.problems, fieldProblems: error.fields })), 'The report was not saved', 'interactor');
    }
    throw error;
  }
}

/**
 * Says what became of the alerts (already kept in the outbox with the report). The answer waits
 * for them a little; if they take longer, it says so, and the outcome follows in the 1:1 chat.
 * The report is saved whatever happens here, so a failure is told as such, never as "not saved".
 */
async function alertText(turn: Turn, report: IntelReport, escalations: readonly EscalationReason[], alerts: readonly OutboxMessage[]): Promise<string> {
  const { store, outbox, logger } = turn.deps;
  const settled = alertReviewers({ store, outbox, logger }, report, escalations, alerts).then(
    (outcome) => alertOutcomeText(outcome),
    (error: unknown) => {
      logger.error({ err: error, report: report.id }, 'alerting the reviewers failed; the alerts stay in the outbox');
      return alertsFailedText();
    },
  );
  const early = await within(ALERT_ANSWER_WAIT_MS, settled);
  if (early) return early.value;
  const reporterId = report.reporterPersonId;
  void outbox
    .track(async () => outbox.notify([reporterId], alertFollowUpText(report, await settled)))
    .catch((error: unknown) => logger.error({ err: error, report: report.id }, 'could not tell the reporter how the alerts went'));
  return alertsUnderWayText(alerts.length);
}

export function cancelIntel(): Reply {
  return textReply('Cancelled: nothing was saved.');
}

/** `tensions`: the forum's picture, counts and levels per ward, for anyone known to the forum. */
export function showTensions(turn: Turn): Reply {
  if (!turn.person) return textReply('The tensions summary is for forum partners: type `whoami` and send the account code to a forum coordinator.');
  const period = defaultSummaryPeriod(turn.deps.store, turn.now, turn.deps.timeZone);
  const summary = intelSummary(turn.deps.store, period, turn.deps.timeZone);
  const periodText = `${formatDay(period.from)} to ${formatDay(period.to)}`;
  return cardReply(renderCard('tensions-summary', tensionsSummaryCard(summary, periodText)), 'Community tensions by ward');
}
