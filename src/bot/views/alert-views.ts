// The words of an urgent-report alert and of what the bot says about its delivery: to the
// reviewer (the alert, never the report's text), to the admins (who could not be reached), and to
// the reporter (what actually happened, in counts, never who the reviewers are).
import { counted } from '../../cards/wording.ts';
import { formatInstant } from '../../cards/format.ts';
import type { EscalationReason } from '../../domain/intel/escalation.ts';
import type { IntelReport } from '../../domain/model.ts';
import { inert } from '../inert-text.ts';
import { areaName } from './intel-views.ts';
import type { ItemListCard } from '../../cards/card-models-lists.ts';
import { intelAlertList } from './list-views.ts';


function reasonsText(reasons: readonly EscalationReason[]): string {
  return reasons.map((r) => (r.kind === 'high-tension' ? `tension level ${r.level}` : `${r.count} reports in ${areaName(r.areaId)} in 7 days`)).join('; ');
}

/** The alert names the report and why, never its text: reviewers open it in their 1:1 chat with the card's button. */
export function alertText(report: Pick<IntelReport, 'id' | 'areaId'>, reasons: readonly EscalationReason[]): string {
  return `Intelligence alert: report ${report.id} (${areaName(report.areaId)}): ${reasonsText(reasons)}.`;
}

/** The alert as a card with a button that opens the report (nobody retypes its id). */
export function alertCard(report: Pick<IntelReport, 'id' | 'areaId'>, reasons: readonly EscalationReason[]): ItemListCard {
  return intelAlertList(report, alertText(report, reasons));
}

/** An alert that waited for the reviewer, saying how old it is. */
export function heldAlertCard(report: Pick<IntelReport, 'id' | 'areaId' | 'status'>, reasons: readonly EscalationReason[], heldSince: string, timeZone: string): ItemListCard {
  const status = report.status === 'new' ? '' : ` It has since been marked ${report.status}.`;
  return intelAlertList(report, alertText(report, reasons), { text: `This alert was kept for you from ${formatInstant(heldSince, timeZone)} (UK time): I could not reach you privately until now.${status}`, colour: 'Warning' });
}

export interface Unreached {
  name: string;
  /** Why, as DirectMessages put it ("has not opened a 1:1 chat with the bot yet", a platform's refusal). */
  reason: string;
}

/** To admins: which reviewers an alert could not reach, and what to do. Names are typed by admins, so made inert. */
export function unreachedReviewersText(report: Pick<IntelReport, 'id' | 'areaId'>, reasons: readonly EscalationReason[], unreached: readonly Unreached[]): string {
  const lines = unreached.map((u) => `- ${inert(u.name)}: ${inert(u.reason)}`);
  return [
    `Forum bot: the intelligence alert for report \`${report.id}\` (${areaName(report.areaId)}; ${reasonsText(reasons)}) could not reach ${counted(unreached.length, 'reviewer')}:`,
    '',
    ...lines,
    '',
    `I keep the alert and deliver it as soon as they next write to me in a 1:1 chat: ask them to open a chat with the bot and say hello. Meanwhile you can read the report yourself: type \`intel ${report.id}\` here.`,
  ].join('\n');
}

/** What became of one report's alerts, as far as is known when the reporter is answered. */
export interface AlertOutcome {
  /** Reviewers to alert (everyone who may review intelligence, the reporter excepted). */
  reviewers: number;
  reached: number;
  /** Could not be reached now: kept, and delivered when they can be. */
  kept: number;
  /** Being sent by another attempt at that moment (the reviewer wrote to the bot just then). */
  sending: number;
  /** Admins told about the reviewers not reached (0 when none needed telling). */
  adminsTold: number;
  /** Admins who needed telling and could not be reached either: their notice is kept too. */
  adminsKept: number;
}

/** For the reporter: what happened to the alerts, in counts. */
export function alertOutcomeText(outcome: AlertOutcome): string {
  const { reviewers, reached, kept, sending, adminsTold, adminsKept } = outcome;
  if (reviewers === 0) {
    return 'This needs attention soon, but there is no other intelligence reviewer or admin for me to alert: tell the forum coordinator directly.';
  }
  const parts = [`This needs attention soon. I alerted ${reached} of ${counted(reviewers, 'intelligence reviewer')} privately.`];
  if (sending > 0) parts.push(`${counted(sending, 'alert')} ${sending === 1 ? 'was' : 'were'} still on ${sending === 1 ? 'its' : 'their'} way as I answered.`);
  if (kept > 0) {
    parts.push(`${kept === 1 ? '1 reviewer' : `${kept} reviewers`} could not be reached yet: I keep the alert and deliver it as soon as ${kept === 1 ? 'they write' : 'each writes'} to me.`);
    if (adminsTold > 0) parts.push('The forum admins have been told, so they can act.');
    else if (adminsKept > 0) parts.push("No forum admin could be reached either: they will be told when they next write to me, and the bot's status shows the alerts waiting.");
    else parts.push("There is no other admin to tell; the bot's status shows the alerts waiting.");
  }
  if (reached === 0 && sending === 0) parts.push('Nobody has the alert yet: if it cannot wait, contact a reviewer or the forum coordinator directly.');
  return parts.join(' ');
}

/** For the reporter when the alerts took longer than the answer could wait. */
export function alertsUnderWayText(reviewers: number): string {
  return `This needs attention soon. I am alerting ${counted(reviewers, 'intelligence reviewer')} privately; it is taking a moment, so I will tell you in our 1:1 chat how it went.`;
}

/** When alerting failed on the bot's side: the report is saved and its alerts are kept to retry. */
export function alertsFailedText(): string {
  return "This needs attention soon, but something went wrong on my side while alerting the reviewers. The alerts are kept and I will try again; the bot's status shows them to the admins. If it cannot wait, contact a reviewer or the forum coordinator directly.";
}

/** The follow-up to `alertsUnderWayText`, in the reporter's 1:1 chat: `outcome` is alertOutcomeText's or alertsFailedText's. */
export function alertFollowUpText(report: Pick<IntelReport, 'id'>, outcome: string): string {
  return `About your report \`${report.id}\`: ${outcome}`;
}
