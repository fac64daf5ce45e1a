// The meeting pack: when and where, the agenda, milestones due before the meeting and overdue,
// the intelligence picture since the last meeting (counts and levels only), and the replies so far.
import { TZDate } from '@date-fns/tz';
import { differenceInCalendarDays, format } from 'date-fns';
import type { MeetingPackCard } from '../../cards/card-models.ts';
import { dueNote, statusView } from '../../cards/format.ts';
import { localDate } from '../../domain/calendar.ts';
import { counted } from '../../cards/wording.ts';
import { defaultSummaryPeriod, intelSummary } from '../../domain/intel/intel-summary.ts';
import { countText, REPORTS } from '../../domain/intel/small-numbers.ts';
import { findMilestones } from '../../domain/milestones/milestone-queries.ts';
import { effectiveDue, isFinished } from '../../domain/milestones/milestone-rules.ts';
import type { Channel, Meeting, Milestone, Person } from '../../domain/model.ts';
import { peopleLine } from './mentions.ts';
import type { ReadView } from '../../store/repository.ts';
import { TENSION_LEVEL_LABELS, TREND_LABELS } from './intel-labels.ts';
import { capitalise } from './intel-views.ts';

const LISTED = 8;

/** The people who own these milestones by name (an owner given only as an organisation or role is not a person to mention). */
export function ownersOf(view: ReadView, milestones: readonly Milestone[]): Person[] {
  return milestones.flatMap((m) => (m.owner.personId ? [view.get('people', m.owner.personId)] : [])).filter((p): p is Person => p !== undefined);
}

function line(m: Milestone, today: string): { id: string; description: string; note: string } {
  return { id: m.id, description: m.description, note: `${statusView(m.status).label}, ${dueNote(effectiveDue(m), today, isFinished(m.status))}` };
}

function titled(label: string, count: number): string {
  return count === 0 ? `${label}: none` : `${label} (${count}${count > LISTED ? `; the first ${LISTED} shown` : ''})`;
}

/** Said instead of the tensions summary where the channel's choice leaves it out. */
export const SUMMARY_LEFT_OUT = 'Not shown in this conversation: it has, or may have, members from other organisations, or its coordinators chose to leave it out. Forum partners can see it with `tensions` in a 1:1 chat with me.';

/**
 * `intelSummary`: whether the pack carries the per-ward tensions summary, as the conversation it
 * goes to allows (src/domain/subscriptions/intel-summary-choice.ts); a 1:1 chat always does.
 */
export function meetingPackCard(view: ReadView, meeting: Meeting, now: Date, timeZone: string, options: { intelSummary: boolean; mentionsFor?: Channel }): MeetingPackCard {
  const today = localDate(now, timeZone);
  const start = new TZDate(Date.parse(meeting.startsAt), timeZone);
  const meetingDay = localDate(new Date(meeting.startsAt), timeZone);
  const days = differenceInCalendarDays(start, new TZDate(now.getTime(), timeZone));
  const due = findMilestones(view, { today, dueFrom: today, dueBy: meetingDay });
  const overdue = findMilestones(view, { today, overdue: true });
  const period = defaultSummaryPeriod(view, now, timeZone);
  // Not even computed where it is not shown: nothing of it can reach the card by mistake.
  const summary = options.intelSummary ? intelSummary(view, period, timeZone) : undefined;
  const attending = meeting.rsvps.filter((r) => r.response === 'attending').length;
  const apologies = meeting.rsvps.length - attending;
  // Posted to a conversation: the chair and the owners of what is listed are mentioned, so they are notified.
  const people = options.mentionsFor
    ? peopleLine(
        [
          { label: 'Chair', people: meeting.chairPersonId ? [view.get('people', meeting.chairPersonId)].filter((p) => p !== undefined) : [] },
          { label: 'Owners of the milestones listed', people: ownersOf(view, [...due.slice(0, LISTED), ...overdue.slice(0, LISTED)]) },
        ],
        options.mentionsFor,
      )
    : undefined;
  const end = meeting.endsAt ? format(new TZDate(Date.parse(meeting.endsAt), timeZone), 'HH:mm') : undefined;
  return {
    heading: days > 0 ? `Forum meeting in ${days} day${days === 1 ? '' : 's'}: the meeting pack` : 'Forum meeting today: the meeting pack',
    meetingId: meeting.id,
    title: meeting.title,
    whenText: `${format(start, 'EEE d MMM yyyy, HH:mm')}${end ? ` to ${end}` : ''}${meeting.onlineUrl ? ' (online link on the meeting card: `next meeting`)' : ''}`,
    ...(meeting.location ? { place: meeting.location } : {}),
    agenda: meeting.agenda,
    dueTitle: titled('Milestones due before the meeting', due.length),
    due: due.slice(0, LISTED).map((m) => line(m, today)),
    overdueTitle: titled('Overdue milestones', overdue.length),
    overdue: overdue.slice(0, LISTED).map((m) => line(m, today)),
    tensionsText: !summary ? SUMMARY_LEFT_OUT : summary.wards.length === 0 ? 'No intelligence reports since the last meeting.' : `${capitalise(countText(summary.totalReports, REPORTS))} in ${summary.wards.length} area${summary.wards.length === 1 ? '' : 's'} since the last meeting.`,
    tensions: (summary?.wards ?? []).slice(0, LISTED).map((w) => ({
      name: w.name,
      text: `${capitalise(countText(w.reports, REPORTS))}, highest level ${TENSION_LEVEL_LABELS[w.highestLevel as 1 | 2 | 3 | 4]}, ${TREND_LABELS[w.trend].toLowerCase()}`,
    })),
    ...(people ? { peopleText: people.text, mentions: people.mentions } : {}),
    rsvpText: meeting.rsvps.length === 0 ? 'No replies yet: are you coming?' : `${attending} attending, ${counted(apologies, 'apology', 'apologies')} so far.`,
  };
}
