// The typed data model of each card template in cards/. A template only binds to these fields,
// so a field renamed here fails the build where the data is made, not in a user's chat.
import type { MentionEntity } from '../bot/views/mentions.ts';
import type { GrantCardModels } from './card-models-grants.ts';
import type { StatusView } from './format.ts';
import type { MeetingCalendarCard, MeetingCancelConfirmCard } from './card-models-meetings.ts';
import type { ItemListCard } from './card-models-lists.ts';
import type { MilestoneListCard, MilestoneDetailCard, MilestoneHistoryCard, MilestoneUpdateFormCard, MilestoneNudgeCard } from './card-models-milestones.ts';

export type { MilestoneListItem, MilestoneListCard, HistoryEntry, MilestoneDetailCard, MilestoneHistoryCard, MilestoneUpdateFormCard, MilestoneNudgeCard } from './card-models-milestones.ts';

/**
 * A button on a card: an Action.Execute verb and the data it carries back; or, with `dialog`, an
 * Action.Submit that opens the form it names in a Teams dialog (see src/cards/buttons.ts).
 */
export interface CardButton {
  title: string;
  verb: string;
  data: Record<string, string | number | { type: string }>;
  dialog?: true;
}

export interface Notice {
  text: string;
  colour: 'Good' | 'Warning' | 'Attention' | 'Accent' | 'Default';
}

export interface PlanSummaryCard {
  generatedText: string;
  /** The tracker's colours in words, once, so each theme's line can be short. */
  legend: string;
  /**
   * One block per theme: its title on its own line, then its counts by status on the next
   * ("Grey 4 · Green 2 · ..."), so nothing is squeezed into a narrow column and broken mid-word.
   * `counts` follow MILESTONE_STATUSES; `text` keeps each colour and number together.
   */
  rows: { theme: string; total: number; totalText: string; counts: { n: string; colour: StatusView['colour']; text: string; subtle: boolean }[] }[];
  totalText: string;
  overdueTitle: string;
  overdue: { id: string; description: string; note: string; owner: string }[];
  overdueMore?: string;
}

export interface WelcomeCard {
  title: string;
  intro: string;
  /** Who the bot takes the reader to be: only in a 1:1 chat, never broadcast to a channel. */
  personLine?: string;
  buttons: CardButton[];
  /** How to ask in this conversation (type, or @mention first), and where help is. */
  howText: string;
}

/** Help leads with the few things people do, as buttons; the full reference is one tap away. */
export interface HelpCard {
  intro: string;
  suggestion?: string;
  buttons: CardButton[];
  moreText: string;
  referenceIntro: string;
  commands: { usage: string; summary: string }[];
}

export interface PersonFormCard {
  displayName: string;
  account: string;
  organisationId: string;
  organisations: { title: string; value: string }[];
  /** Comma-separated, as a multi-select ChoiceSet holds its value. */
  roles: string;
  roleChoices: { title: string; value: string }[];
  /** People in this conversation not yet known to the forum (value: their account code); empty where the platform does not list them. */
  members: { title: string; value: string }[];
  /** The chosen member's account code. */
  member: string;
  /** The platform's own person picker (Slack's users_select) instead of an account code. */
  userPicker: boolean;
  /** The person picked with it (the platform's user id). */
  pickedUser: string;
  errors: string[];
  notice?: Notice;
}

export interface MilestoneAssignFormCard {
  id: string;
  description: string;
  /** The owning role and organisation, e.g. "Community Safety Manager, RMBC". */
  ownerRole: string;
  /** The current owner's person id, or '' for nobody by name. */
  personId: string;
  people: { title: string; value: string }[];
  /** The platform's own person picker (Slack's users_select), for someone not in the list by name. */
  userPicker: boolean;
}

/**
 * A milestone shared into a conversation (from search, or a pasted link): the same for every
 * viewer, dated, with Current details and Update (whose permission is checked when it opens).
 */
export interface MilestoneShareCard {
  id: string;
  description: string;
  status: StatusView;
  dueText: string;
  dueNote: string;
  owner: string;
  commentary?: string;
  /** "Status as of 5 December 2026, 10:40: ask for Current details for any change since." */
  asOfText: string;
  /**
   * Teams Universal Actions: how the card asks the bot for the viewer's own version (verb
   * `milestone.refresh`), and for whom Teams does so by itself (`userIds`, at most 60; none above).
   */
  refresh: CardRefresh;
  /** The Update button: on the card as posted (checked when the dialog opens), and on a viewer's own card only if they may update. */
  showUpdate: boolean;
  /** A visible Refresh button, where Teams would not refresh the card by itself for the people who may update (more than 60). */
  showRefresh: boolean;
}

/** An Adaptive Card's `refresh` (Universal Actions): the Action.Execute to run, and who gets it automatically. */
export interface CardRefresh {
  action: { type: 'Action.Execute'; title: string; verb: string; data: Record<string, string> };
  userIds?: string[];
}

/** "Add as progress note": which milestone the message becomes a note on. */
export interface MilestoneNotePickCard {
  milestones: { title: string; value: string }[];
  /** The message's text, as the note (at most the note's 2,000 characters). */
  commentary: string;
  /** The message was longer than a note and was cut. */
  clipped: boolean;
}

/** One of the person's milestones on the Home view, with its buttons. */
export interface HomeMilestone {
  id: string;
  description: string;
  status: StatusView;
  dueText: string;
  dueNote: string;
  canEdit: boolean;
}

/** A list on the Home view ("Overdue (2)", "Due in the next 30 days (3)"). */
export interface HomeSection {
  title: string;
  items: HomeMilestone[];
  emptyText?: string;
  /** "and 4 more: ..." when the list is cut short. */
  moreText?: string;
}

/** The Home view: who you are, your overdue and upcoming milestones, the plan in brief. */
export interface HomeCard {
  title: string;
  /** Who the bot thinks you are, or how to be added. */
  personLine: string;
  /** "Your milestones" / "RMBC milestones"; absent when the person is not known. */
  mineTitle?: string;
  scopeNote?: string;
  sections: HomeSection[];
  generatedText: string;
  /** One compact line per theme: its name and its counts by status, in words. */
  themes: { theme: string; counts: string }[];
  totalText: string;
  buttons: CardButton[];
  /** The next meeting, the person's reports (counts), the grants round: each with its buttons. */
  panels: HomePanel[];
}

/** One panel of the Home dashboard: bot-made lines (titles of meetings and rounds are typed by coordinators). */
export interface HomePanel {
  title: string;
  lines: string[];
  buttons: CardButton[];
}

export interface Choice {
  title: string;
  value: string;
}

/** The intelligence form; `values` are what the person typed (kept when the form comes back). */
export interface IntelFormCard {
  maxDate: string;
  /** The earliest date the form accepts (empty: none). */
  minDate: string;
  areas: Choice[];
  categories: Choice[];
  hateStrands: Choice[];
  communities: Choice[];
  sourceTypes: Choice[];
  reliability: Choice[];
  confidence: Choice[];
  levels: Choice[];
  trends: Choice[];
  values: Record<
    | 'occurredDate' | 'occurredTime' | 'areaId' | 'location' | 'category' | 'hateStrands' | 'communitiesAffected' | 'description' | 'sourceType'
    | 'sourceReliability' | 'informationConfidence' | 'tensionLevel' | 'tensionTrend' | 'reportedToPolice' | 'policeReference' | 'actionsTaken' | 'handling',
    string
  >;
  errors: string[];
  /**
   * Problems with one field, by input id, shown beside that input (a TextBlock `<input id>-problem`
   * right after it; Slack answers them with `response_action: errors`). `errors` lists them all too.
   */
  fieldProblems: Partial<Record<string, string>>;
  /** Likely identifiers found in the free text, shown before the report can be saved. */
  identifiers: { label: string; text: string }[];
  notice?: Notice;
}

/**
 * The reporter's confirmation: only the report id and the choices that place it (area, category,
 * level), never text anyone typed, so a confirmation that reaches the wrong place reveals nothing.
 */
export interface IntelLoggedCard {
  id: string;
  areaName: string;
  categoryLabel: string;
  levelLabel: string;
  escalationText?: string;
}

export interface TensionsSummaryCard {
  periodText: string;
  totalText: string;
  wards: { name: string; reports: string; levelLabel: string; levelColour: 'Default' | 'Good' | 'Warning' | 'Attention'; trendLabel: string; categoriesText: string }[];
  weeks: { text: string }[];
}

export interface IntelDetailCard {
  id: string;
  handling: string;
  handlingColour: 'Default' | 'Attention';
  statusLabel: string;
  occurredText: string;
  reportedText: string;
  areaName: string;
  categoryLabel: string;
  levelLabel: string;
  trendLabel: string;
  sourceText: string;
  policeText: string;
  location?: string;
  description: string;
  actionsTaken?: string;
  strandsText: string;
  reporter: string;
  reviewNotes: { when: string; statusLabel: string; by: string; note: string }[];
  canReview: boolean;
  version: number;
  nextStatus: string;
  notice?: Notice;
  /** A reviewer correcting the text (e.g. removing a name): the free-text fields become inputs. */
  amending?: boolean;
  /** What the amend inputs start with (the report's text); '' when a field is empty. */
  amendValues?: { description: string; location: string; actionsTaken: string };
}

export interface MeetingsCard {
  title: string;
  meetings: {
    title: string;
    whenText: string;
    statusText: string;
    statusColour: 'Default' | 'Good' | 'Attention';
    place?: string;
    /** Only while the meeting is on: a cancelled or past meeting offers no link to join. */
    onlineUrl?: string;
    /** The viewer's calendar-file link (src/links), until the meeting ends; absent once it is off or over. */
    calendarUrl?: string;
    chair?: string;
    agenda: string[];
    id: string;
    canManage: boolean;
    /** Part of a series that has later meetings still scheduled: offer to cancel the rest. */
    canCancelSeries: boolean;
  }[];
  notice?: Notice;
}

/** The meeting pack: what a forum channel gets before a meeting, with RSVP buttons. */
export type { MentionEntity };
export interface MeetingPackCard {
  heading: string;
  meetingId: string;
  title: string;
  whenText: string;
  place?: string;
  agenda: string[];
  dueTitle: string;
  due: { id: string; description: string; note: string }[];
  overdueTitle: string;
  overdue: { id: string; description: string; note: string }[];
  tensionsText: string;
  tensions: { name: string; text: string }[];
  rsvpText: string;
  /** Posted to a conversation: the chair and the listed milestones' owners, mentioned where their account is known. */
  peopleText?: string;
  /** The mention entities for `peopleText` (set on the card as `msteams.entities`, not by the template). */
  mentions?: MentionEntity[];
}

/** Attending or apologies with a note for the chair, opened from the meeting pack. */
export interface MeetingRsvpFormCard {
  meetingId: string;
  title: string;
  whenText: string;
  /** The person's reply so far, if any: "You replied Attending on ...". */
  currentText?: string;
  response: '' | 'attending' | 'apologies';
  note: string;
}

export interface MeetingFormCard {
  heading: string;
  /** '' for a new meeting. */
  meetingId: string;
  version: number;
  values: Record<'title' | 'date' | 'startTime' | 'endTime' | 'location' | 'onlineUrl' | 'chair' | 'agenda' | 'repeat', string>;
  errors: string[];
  /** A new meeting may start a series; an existing one is changed on its own. */
  canRepeat: boolean;
  repeatChoices: { title: string; value: string }[];
  repeatCount: number;
  /** For a meeting in a series: "Meeting 3 of 6, every 8 weeks. Changes here apply to this meeting only." */
  seriesText?: string;
}

/** The admins' `status` card: how the bot itself is doing. */
export interface StatusCard {
  checkedText: string;
  /** One line on whether anything needs a look, e.g. "All well" or "Needs a look: 2 errors". */
  health: { text: string; colour: Notice['colour'] };
  /** Figures the bot works out itself (no text people typed). */
  facts: { title: string; value: string }[];
  undeliveredTitle: string;
  /** Scheduled messages that did not go out; `what` may name a channel, `detail` is the platform's error. */
  undelivered: { what: string; detail: string }[];
  keptTitle: string;
  /** Private messages kept until their person can be reached; `what` names the person, `detail` why it waits. */
  kept: { what: string; detail: string }[];
  /** What each figure counts, so nobody reads more into it. */
  countingNote: string;
}

export interface CardModels extends GrantCardModels {
  'milestone-list': MilestoneListCard;
  'milestone-detail': MilestoneDetailCard;
  'milestone-history': MilestoneHistoryCard;
  'milestone-update-form': MilestoneUpdateFormCard;
  'milestone-nudge': MilestoneNudgeCard;
  'plan-summary': PlanSummaryCard;
  welcome: WelcomeCard;
  help: HelpCard;
  'person-form': PersonFormCard;
  'milestone-assign-form': MilestoneAssignFormCard;
  'milestone-note-pick': MilestoneNotePickCard;
  'milestone-share': MilestoneShareCard;
  'intel-form': IntelFormCard;
  'intel-logged': IntelLoggedCard;
  'tensions-summary': TensionsSummaryCard;
  'intel-detail': IntelDetailCard;
  meetings: MeetingsCard;
  'meeting-pack': MeetingPackCard;
  'meeting-form': MeetingFormCard;
  'meeting-rsvp-form': MeetingRsvpFormCard;
  home: HomeCard;
  status: StatusCard;
  'meeting-calendar': MeetingCalendarCard;
  'meeting-cancel-confirm': MeetingCancelConfirmCard;
  'item-list': ItemListCard;
}
