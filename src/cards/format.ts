// How dates and statuses read on cards: the way people in Rotherham write them, in Europe/London.
import { TZDate } from '@date-fns/tz';
import { differenceInCalendarDays, format, parseISO } from 'date-fns';
import type { MilestoneStatus } from '../domain/model.ts';
import { FORUM_TIME_ZONE } from '../domain/calendar.ts';
import { STATUS_LABELS } from '../domain/milestones/milestone-rules.ts';

/** "Fri 14 Mar 2025" for a calendar day (YYYY-MM-DD). */
export function formatDay(day: string): string {
  return format(parseISO(day), 'EEE d MMM yyyy');
}

/** "Fri 14 Mar 2025, 14:05" for an instant, in the forum's time zone. */
export function formatInstant(iso: string, timeZone = FORUM_TIME_ZONE): string {
  return format(new TZDate(Date.parse(iso), timeZone), 'EEE d MMM yyyy, HH:mm');
}

/** "3 days overdue", "due today", "due tomorrow", "due in 12 days". */
export function dueNote(due: string, today: string, finished: boolean): string {
  if (finished) return '';
  const days = differenceInCalendarDays(parseISO(due), parseISO(today));
  if (days < 0) return days === -1 ? '1 day overdue' : `${-days} days overdue`;
  if (days === 0) return 'due today';
  if (days === 1) return 'due tomorrow';
  return `due in ${days} days`;
}

/** Adaptive Card text colours for the tracker's colours; the words are always shown as well. */
const CARD_COLOURS: Record<MilestoneStatus, 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent'> = {
  'not-started': 'Default',
  'on-track': 'Good',
  delayed: 'Warning',
  'off-track': 'Attention',
  complete: 'Accent',
  closed: 'Default',
};

export interface StatusView {
  status: MilestoneStatus;
  /** "Amber: Delayed (under 3 months)": readable without colour. */
  label: string;
  colour: (typeof CARD_COLOURS)[MilestoneStatus];
}

export function statusView(status: MilestoneStatus): StatusView {
  const { words, colour } = STATUS_LABELS[status];
  return { status, label: colour === 'None' ? words : `${colour}: ${words}`, colour: CARD_COLOURS[status] };
}
