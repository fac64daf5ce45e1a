// The milestone cards' data: the list, the detail and its history pages, the update form and the
// owner's nudge before a meeting (split from card-models.ts, which re-exports them).
import type { MentionEntity } from '../bot/views/mentions.ts';
import type { StatusView } from './format.ts';
import type { Notice } from './card-models.ts';

export interface MilestoneListItem {
  id: string;
  description: string;
  actionTitle: string;
  status: StatusView;
  dueText: string;
  dueNote: string;
  owner: string;
  canEdit: boolean;
}

export interface MilestoneListCard {
  title: string;
  /** What was asked, in words: "Overdue, South Yorkshire Police". */
  filterText: string;
  /** A note on how "mine" was read, e.g. no milestones assigned by name. */
  scopeNote?: string;
  countText: string;
  items: MilestoneListItem[];
  emptyText?: string;
  /** The command text that produced the list, so paging re-runs it. */
  query: string;
  /** Finished milestones left out of an open-only list, counted: "12 finished milestones ... not listed." */
  finishedText?: string;
  /** The same list's query for the finished ones, for a button. */
  finishedQuery?: string;
  previousPage?: number;
  nextPage?: number;
  /** Posted to a conversation: the listed milestones' owners, mentioned where their account is known. */
  peopleText?: string;
  /** The mention entities for `peopleText` (set on the card as `msteams.entities`, not by the template). */
  mentions?: MentionEntity[];
}

export interface HistoryEntry {
  when: string;
  status: StatusView;
  /** "Jo Bloggs via Teams", or "as loaded from the action plan". */
  byText: string;
  commentary?: string;
  revisedDue?: string;
  evidence?: string;
}

export interface MilestoneDetailCard {
  id: string;
  description: string;
  actionId: string;
  actionTitle: string;
  themeTitle: string;
  owner: string;
  lead: string;
  status: StatusView;
  dueText: string;
  dueNote: string;
  originalDueText?: string;
  commentary?: string;
  evidence?: string;
  updatedText: string;
  version: number;
  history: HistoryEntry[];
  historyNote?: string;
  notice?: Notice;
  canEdit: boolean;
  /** Coordinators and admins may name the owner. */
  canAssign?: boolean;
  /** When the card leaves older updates out: the page of the full history that starts with them. */
  olderHistoryPage?: number;
}

/** A milestone's whole history, a page at a time, newest first (the detail card shows only the newest). */
export interface MilestoneHistoryCard {
  id: string;
  description: string;
  /** "Updates 11 to 20 of 43, newest first". */
  countText: string;
  history: HistoryEntry[];
  newerPage?: number;
  olderPage?: number;
}

export interface MilestoneUpdateFormCard {
  id: string;
  description: string;
  version: number;
  status: string;
  statusChoices: { title: string; value: string }[];
  commentary: string;
  revisedDue: string;
  /** The range a revised due date may take (REVISED_DUE), for the date picker. */
  revisedDueMin: string;
  revisedDueMax: string;
  evidence: string;
  currentText: string;
  errors: string[];
  notice?: Notice;
  /** Opened from a meeting nudge: Save and Cancel go back to the nudge. */
  nudgeMeetingId?: string;
}

/** The private nudge before a meeting: each milestone with one-tap status buttons. */
export interface MilestoneNudgeCard {
  heading: string;
  meetingText: string;
  notice?: Notice;
  items: {
    id: string;
    description: string;
    status: StatusView;
    dueText: string;
    /** Why it is here: "3 days overdue", "due before the meeting", "not updated since 2 Sep". */
    reason: string;
    version: number;
    meetingId: string;
  }[];
  moreText?: string;
  emptyText?: string;
}
