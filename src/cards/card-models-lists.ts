// The list card (cards/item-list.json): one template for the lists people act on item by item
// (the intelligence queue, replies to a meeting, people, subscribed conversations), each item
// with its own buttons, so nobody retypes an id to open or change one.
import type { CardButton, Notice } from './card-models.ts';

export interface ListItem {
  /** The item as people name it; text people typed, so it sits in a TextRun. */
  name: string;
  /**
   * Where the name leads (a Slack channel's app_redirect address, which Slack shows as the channel
   * itself). Only for a name the platform gave that is safe as link text: the name then sits in a
   * markdown link, not a TextRun.
   */
  link?: string;
  /** Details under the name, one line each (may hold text people typed). */
  lines: string[];
  /** Something wrong with this item (e.g. a channel the bot can no longer post in). */
  warning?: string;
  buttons: CardButton[];
}

export interface ListSection {
  heading: string;
  items: ListItem[];
  /** Shown when the section has no items. */
  emptyText: string;
}

export interface ItemListCard {
  title: string;
  intro?: string;
  notice?: Notice;
  sections: ListSection[];
  /** "and 12 more ..." when the list was cut short. */
  moreText?: string;
  /** Buttons for the list as a whole. */
  buttons: CardButton[];
}
