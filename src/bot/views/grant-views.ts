// Grant cards' models from the store: the round at a glance, one application (contact details only
// for those allowed and never in a channel; scores hidden from a member who declared a conflict),
// the scoring, decision and payment forms, and the channel announcement (no contact details).
import { listAreas } from '../../domain/areas.ts';
import { may } from '../../domain/access/permissions.ts';
import { THEME_LABELS } from '../../domain/grants/application-form.ts';
import { roundMoney, totalOf } from '../../domain/grants/grant-budget.ts';
import { FUNDING_SOURCES, type FundingSource, type GrantApplication, type GrantRound, type PerSource } from '../../domain/grants/grant-records.ts';
import { grantScoresFor } from '../../domain/grants/grant-scores.ts';
import type { Person } from '../../domain/model.ts';
import type { ReadView } from '../../store/repository.ts';
import { dialogButton } from '../../cards/buttons.ts';
import type { FieldProblem } from '../../domain/errors.ts';
import { THEME_IDS } from '../../domain/theme-ids.ts';
import { addDays, addMonths } from '../../domain/values/calendar-date.ts';
import type { BudgetFormValues, RoundFormValues } from '../../domain/grants/round-form.ts';
import type { GrantAnnouncementCard, GrantBudgetFormCard, GrantRoundFormCard, GrantDecisionFormCard, GrantDetailCard, GrantPaymentFormCard, GrantRoundCard, GrantScoreFormCard } from '../../cards/card-models-grants.ts';

export const SOURCE_LABELS: Record<FundingSource, string> = { council: 'Council', rtp: 'Rotherham Together Partnership', external: 'External funder' };
export const pounds = (n: number): string => `£${n.toLocaleString('en-GB')}`;

const wardName = (id: string) => listAreas().find((a) => a.id === id)?.name ?? id;
export const wardsText = (a: Pick<GrantApplication, 'wards'>) => a.wards.map(wardName).join(', ');
export const themesText = (a: Pick<GrantApplication, 'themes'>) => a.themes.map((t) => THEME_LABELS[t]).join(', ');
const perSourceText = (amounts: PerSource) => FUNDING_SOURCES.filter((s) => amounts[s] > 0).map((s) => `${s === 'rtp' ? 'RTP' : s} ${pounds(amounts[s])}`).join(', ');

/** The round a `grants` command shows: the one open today, else the latest. */
export function currentRound(view: ReadView, today: string): Readonly<GrantRound> | undefined {
  const rounds = [...view.all('grantRounds')].sort((a, b) => b.opensOn.localeCompare(a.opensOn));
  return rounds.find((r) => r.opensOn <= today && today <= r.closesOn) ?? rounds.find((r) => r.opensOn <= today) ?? rounds[0];
}

export function grantRoundCard(view: ReadView, round: GrantRound, viewer?: Person): GrantRoundCard {
  const money = roundMoney(view, round);
  const applications = view.all('grantApplications').filter((a) => a.roundId === round.id).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  const byStatus = new Map<string, number>();
  for (const a of applications) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
  const row = (label: string, m: { budget: number; committed: number; paid: number; remaining: number }) => ({ source: label, figures: `${pounds(m.budget)} · ${pounds(m.committed)} · ${pounds(m.paid)} · ${pounds(m.remaining)}` });
  return {
    heading: round.name,
    demo: round.demo,
    datesText: `Open ${round.opensOn} to ${round.closesOn} · largest award ${pounds(round.maxAward)}`,
    money: [...FUNDING_SOURCES.filter((s) => money[s].budget > 0 || money[s].committed > 0).map((s) => row(SOURCE_LABELS[s], money[s])), row('Total', money.total)],
    countsText: applications.length === 0 ? 'No applications yet.' : `${applications.length} application${applications.length === 1 ? '' : 's'}: ${[...byStatus].map(([s, n]) => `${n} ${s}`).join(', ')}`,
    applications: applications.slice(-30).map((a) => {
      const decision = view.get('grantDecisions', a.id);
      const scores = view.all('grantScores').filter((s) => s.applicationId === a.id && !s.conflict).length;
      return { reference: a.id, groupName: a.group.name, summary: `${pounds(a.amount)} asked · ${wardsText(a)} · ${a.status}${decision?.outcome === 'award' ? ` ${pounds(totalOf(decision.amounts))}` : ''}${a.status === 'submitted' ? ` · ${scores} score${scores === 1 ? '' : 's'}` : ''}` };
    }),
    manageButtons: may(viewer, 'grants.rounds.manage') ? [dialogButton('Open a new round', 'grant.round-form'), dialogButton('Change the budget', 'grant.budget-form', { roundId: round.id })] : [],
  };
}

export function grantDetailCard(view: ReadView, application: GrantApplication, viewer: Person | undefined, options: { inChannel: boolean; notice?: string }): GrantDetailCard {
  const round = view.get('grantRounds', application.roundId);
  const scores = grantScoresFor(view, application.id, viewer?.id);
  const decision = view.get('grantDecisions', application.id);
  const payments = view.all('grantPayments').filter((p) => p.applicationId === application.id);
  const returns = view.all('grantReturns').filter((r) => r.applicationId === application.id);
  const conflicted = scores === 'conflict';
  const given = conflicted ? [] : scores.filter((s) => !s.conflict);
  const conflicts = conflicted ? 0 : scores.filter((s) => s.conflict).length;
  const average = given.length === 0 ? 0 : given.reduce((n, s) => n + Object.values(s.scores).reduce((a, b) => a + (b ?? 0), 0) / Math.max(1, Object.keys(s.scores).length), 0) / given.length;
  const next = returns.filter((r) => !r.received).sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
  return {
    ...(options.notice ? { notice: options.notice } : {}),
    reference: application.id,
    demo: round?.demo ?? false,
    projectTitle: application.project.title,
    groupName: application.group.name,
    facts: [
      { title: 'Amount asked', value: pounds(application.amount) },
      { title: 'Wards', value: wardsText(application) },
      { title: 'Themes', value: themesText(application) },
      { title: 'Status', value: application.status },
      { title: 'Sent', value: `${application.submittedAt.slice(0, 10)} (${application.enteredByPersonId ? 'entered by a partner' : application.via})` },
    ],
    description: application.project.description,
    difference: application.project.difference,
    ...(!options.inChannel && may(viewer, 'grants.contacts') ? { contact: [application.contact.name, application.contact.email, application.contact.phone].filter(Boolean).join(' · ') } : {}),
    scoresText: conflicted
      ? 'You declared a conflict of interest on this application: its scores and discussion are not shown to you.'
      : given.length === 0
        ? `No scores yet.${conflicts > 0 ? ` ${conflicts} conflict${conflicts === 1 ? '' : 's'} declared.` : ''}`
        : `${given.length} score${given.length === 1 ? '' : 's'}, average ${average.toFixed(1)} of 5${conflicts > 0 ? ` (${conflicts} conflict${conflicts === 1 ? '' : 's'} declared)` : ''}`,
    scores: options.inChannel ? [] : given.map((s) => ({ by: s.by, text: `${Object.entries(s.scores).map(([t, v]) => `${THEME_LABELS[t as keyof typeof THEME_LABELS]} ${v}`).join(', ')}${s.comment ? `: ${s.comment}` : ''}` })),
    ...(decision ? { decisionText: decision.outcome === 'award' ? `Awarded ${pounds(totalOf(decision.amounts))} (${perSourceText(decision.amounts)}) by ${decision.by}: ${decision.reason}` : `Declined by ${decision.by}: ${decision.reason}` } : {}),
    ...(decision?.outcome === 'award' ? { paymentsText: `Paid ${pounds(payments.reduce((n, p) => n + p.amount, 0))} of ${pounds(totalOf(decision.amounts))} in ${payments.length} instalment${payments.length === 1 ? '' : 's'}${payments.length > 0 ? ` (${payments.map((p) => `${p.paidOn} ${pounds(p.amount)} ${p.financeReference}`).join('; ')})` : ''}.` } : {}),
    ...(returns.length > 0 ? { returnsText: `Monitoring: ${returns.filter((r) => r.received).length} of ${returns.length} returns received${next ? `; next due ${next.dueOn}` : ''}.` } : {}),
    canScore: !conflicted && application.status === 'submitted' && may(viewer, 'grants.score'),
    canDecide: application.status === 'submitted' && may(viewer, 'grants.decide'),
    canPay: decision?.outcome === 'award' && may(viewer, 'grants.pay'),
    canReissue: may(viewer, 'grants.links'),
  };
}

export function grantScoreFormCard(round: GrantRound, application: GrantApplication, values: Record<string, string> = {}, errorText?: string): GrantScoreFormCard {
  return {
    reference: application.id,
    projectTitle: application.project.title,
    groupName: application.group.name,
    ...(errorText ? { errorText } : {}),
    criteria: round.criteria.map((c) => ({ inputId: `score-${c}`, label: THEME_LABELS[c], value: values[`score-${c}`] ?? '' })),
    comment: values.comment ?? '',
  };
}

export function grantDecisionFormCard(view: ReadView, round: GrantRound, application: GrantApplication, values: Partial<Pick<GrantDecisionFormCard, 'outcome' | 'council' | 'rtp' | 'external' | 'reason'>> = {}, errorText?: string): GrantDecisionFormCard {
  const money = roundMoney(view, round);
  const given = view.all('grantScores').filter((s) => s.applicationId === application.id && !s.conflict);
  return {
    reference: application.id,
    version: application.version,
    projectTitle: application.project.title,
    groupName: application.group.name,
    askedText: `Asked for ${pounds(application.amount)}. Panel: ${given.length} score${given.length === 1 ? '' : 's'}.`,
    remaining: FUNDING_SOURCES.filter((s) => money[s].budget > 0).map((s) => ({ source: SOURCE_LABELS[s], value: `${pounds(money[s].remaining)} left of ${pounds(money[s].budget)}` })),
    ...(errorText ? { errorText } : {}),
    outcome: values.outcome ?? '',
    council: values.council ?? 0,
    rtp: values.rtp ?? 0,
    external: values.external ?? 0,
    reason: values.reason ?? '',
  };
}

export function grantPaymentFormCard(view: ReadView, application: GrantApplication, today: string, values: Partial<Pick<GrantPaymentFormCard, 'source' | 'amount' | 'paidOn' | 'financeReference'>> = {}, errorText?: string): GrantPaymentFormCard {
  const decision = view.get('grantDecisions', application.id);
  const paid = view.all('grantPayments').filter((p) => p.applicationId === application.id).reduce((n, p) => n + p.amount, 0);
  return {
    reference: application.id,
    awardText: decision ? `Awarded ${pounds(totalOf(decision.amounts))} (${perSourceText(decision.amounts)}); paid so far ${pounds(paid)}.` : 'Not awarded.',
    ...(errorText ? { errorText } : {}),
    source: values.source ?? 'council',
    amount: values.amount ?? 0,
    paidOn: values.paidOn ?? today,
    financeReference: values.financeReference ?? '',
  };
}

export function grantAnnouncementCard(round: Pick<GrantRound, 'demo'>, application: GrantApplication): GrantAnnouncementCard {
  return { reference: application.id, demo: round.demo, groupName: application.group.name, amountText: pounds(application.amount), wardsText: wardsText(application), themesText: themesText(application) };
}

const byField = (problems: readonly FieldProblem[]) => Object.fromEntries(problems.map((p) => [p.field, p.message]));
const asNumber = (text: string | undefined, fallback: number) => (text !== undefined && /^\d+$/.test(text.trim()) ? Number(text.trim()) : fallback);

/** The next 31 March on or after `day`: where a financial year ends. */
function nextYearEnd(day: string): string {
  const march = `${day.slice(0, 4)}-03-31`;
  return march >= day ? march : `${Number(day.slice(0, 4)) + 1}-03-31`;
}

/**
 * The form to open a round. A new form suggests a round opening today for six weeks, a programme
 * to the end of the following financial year, the strategy's four social themes and the 2017
 * round's budget; a form that comes back shows what was typed and each problem beside its field.
 */
export function grantRoundFormCard(today: string, values?: RoundFormValues, problems: readonly FieldProblem[] = []): GrantRoundFormCard {
  const closes = addDays(today, 42);
  const suggested = { name: '', opensOn: today, closesOn: closes, programmeEndsOn: nextYearEnd(addMonths(closes, 12)), maxAward: 1000, criteria: THEME_IDS.filter((t) => t !== 'coordination').join(','), council: 5000, rtp: 5000, external: 0 };
  const v = values ?? {};
  return {
    introText: 'Groups can apply at the public grants pages from the opening day to the closing day. Rounds may not overlap; the budget can be changed later, never below what is awarded.',
    ...(problems.length > 0 ? { errorText: 'Not saved yet: see the problems below.' } : {}),
    fieldProblems: byField(problems),
    name: v.name ?? suggested.name,
    opensOn: v.opensOn ?? suggested.opensOn,
    closesOn: v.closesOn ?? suggested.closesOn,
    programmeEndsOn: v.programmeEndsOn ?? suggested.programmeEndsOn,
    maxAward: asNumber(v.maxAward, values ? 0 : suggested.maxAward),
    criteria: v.criteria ?? suggested.criteria,
    themeChoices: THEME_IDS.map((t) => ({ title: THEME_LABELS[t], value: t })),
    council: asNumber(v.council, values ? 0 : suggested.council),
    rtp: asNumber(v.rtp, values ? 0 : suggested.rtp),
    external: asNumber(v.external, values ? 0 : suggested.external),
  };
}

/** The form to change a round's budget, showing what each source has already committed. */
export function grantBudgetFormCard(view: ReadView, round: GrantRound, values?: BudgetFormValues, problems: readonly FieldProblem[] = [], errorText?: string): GrantBudgetFormCard {
  const money = roundMoney(view, round);
  const v = values ?? {};
  return {
    roundId: round.id,
    version: round.version,
    roundName: round.name,
    committed: FUNDING_SOURCES.map((s) => ({ source: SOURCE_LABELS[s], value: `budget ${pounds(money[s].budget)}: ${pounds(money[s].committed)} awarded, ${pounds(money[s].paid)} paid` })),
    ...(errorText || problems.length > 0 ? { errorText: errorText ?? 'Not saved yet: see the problems below.' } : {}),
    fieldProblems: byField(problems),
    council: asNumber(v.council, round.budget.council),
    rtp: asNumber(v.rtp, round.budget.rtp),
    external: asNumber(v.external, round.budget.external),
  };
}
