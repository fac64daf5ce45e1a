// Card models of the grants fund's cards (cards/grant-*.json). Text applicants typed (group name,
// project, description) and panel comments go in RichTextBlock TextRuns, never a FactSet.
import type { CardButton } from './card-models.ts';

export interface GrantRoundCard {
  /** What was just done ("Round ROUND-2027-01 opened: ..."). */
  notice?: string;
  heading: string;
  demo: boolean;
  datesText: string;
  /** Per source: "Council" -> "£5,000 · £750 · £500 · £4,250". */
  money: { source: string; figures: string }[];
  countsText: string;
  emptyText?: string;
  applications: { reference: string; groupName: string; summary: string }[];
  /** Buttons for those who may manage rounds: open a new round, change this one's budget. */
  manageButtons: CardButton[];
}

export interface GrantDetailCard {
  notice?: string;
  reference: string;
  demo: boolean;
  projectTitle: string;
  groupName: string;
  /** Bot-made figures and names: amount, wards, themes, status, sent. */
  facts: { title: string; value: string }[];
  description: string;
  difference: string;
  /** Only for coordinators and the panel: name, email, phone. */
  contact?: string;
  scoresText: string;
  scores: { by: string; text: string }[];
  decisionText?: string;
  paymentsText?: string;
  returnsText?: string;
  canScore: boolean;
  canDecide: boolean;
  canPay: boolean;
  canReissue: boolean;
}

export interface GrantScoreFormCard {
  reference: string;
  projectTitle: string;
  groupName: string;
  errorText?: string;
  /** One input per criterion of the round: `score-<theme>`. */
  criteria: { inputId: string; label: string; value: string }[];
  comment: string;
}

export interface GrantDecisionFormCard {
  reference: string;
  version: number;
  projectTitle: string;
  groupName: string;
  askedText: string;
  remaining: { source: string; value: string }[];
  errorText?: string;
  outcome: string;
  council: number;
  rtp: number;
  external: number;
  reason: string;
}

export interface GrantPaymentFormCard {
  reference: string;
  awardText: string;
  errorText?: string;
  source: string;
  amount: number;
  paidOn: string;
  financeReference: string;
}

export interface GrantAnnouncementCard {
  reference: string;
  demo: boolean;
  groupName: string;
  amountText: string;
  wardsText: string;
  themesText: string;
}

/** A partner officer enters an application for a group: the public form's questions (src/domain/grants/application-form.ts). */
export interface GrantApplicationFormCard {
  demo: boolean;
  roundText: string;
  errors: string[];
  eligibleConfirmed: string;
  textFields: { id: string; label: string; isMultiline: boolean; maxLength: number; value: string }[];
  groupType: string;
  groupTypes: { title: string; value: string }[];
  /** Comma-separated, as an Adaptive Card multi-select holds its value. */
  wards: string;
  wardChoices: { title: string; value: string }[];
  themes: string;
  themeChoices: { title: string; value: string }[];
  amount: string;
}

/** A coordinator opens a round: dates, largest award, the themes scored against, budget per source. */
export interface GrantRoundFormCard {
  introText: string;
  errorText?: string;
  /** A problem with one input, by its id, shown right under it (Slack: beside the field). */
  fieldProblems: Partial<Record<string, string>>;
  name: string;
  opensOn: string;
  closesOn: string;
  programmeEndsOn: string;
  maxAward: number;
  /** Comma-separated theme ids, as an Adaptive Card multi-select holds its value. */
  criteria: string;
  themeChoices: { title: string; value: string }[];
  council: number;
  rtp: number;
  external: number;
}

/** A coordinator changes a round's budget; what is committed per source is shown as the floor. */
export interface GrantBudgetFormCard {
  roundId: string;
  version: number;
  roundName: string;
  /** Per source: "£750 awarded, £500 paid". */
  committed: { source: string; value: string }[];
  errorText?: string;
  fieldProblems: Partial<Record<string, string>>;
  council: number;
  rtp: number;
  external: number;
}

export interface GrantCardModels {
  'grant-round-form': GrantRoundFormCard;
  'grant-budget-form': GrantBudgetFormCard;
  'grant-application-form': GrantApplicationFormCard;
  'grant-round': GrantRoundCard;
  'grant-detail': GrantDetailCard;
  'grant-score-form': GrantScoreFormCard;
  'grant-decision-form': GrantDecisionFormCard;
  'grant-payment-form': GrantPaymentFormCard;
  'grant-announcement': GrantAnnouncementCard;
}
