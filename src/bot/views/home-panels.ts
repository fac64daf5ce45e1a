// The Home dashboard's panels beside the person's milestones: the next forum meeting, their
// intelligence reports (counts only: no report text ever shows on a Home), and the grants round
// for those who run it. Every button opens over the Home (a Teams dialog, a Slack modal), so
// closing it is the way back.
import { dialogButton } from '../../cards/buttons.ts';
import type { HomePanel } from '../../cards/card-models.ts';
import { may } from '../../domain/access/permissions.ts';
import { roundMoney } from '../../domain/grants/grant-budget.ts';
import { canReviewIntel } from '../../domain/intel/intel-access.ts';
import { intelCountsFor } from '../../domain/intel/intel-counts.ts';
import type { Person } from '../../domain/model.ts';
import type { Turn } from '../turn.ts';
import { upcomingMeetings, whenText } from '../handlers/meeting-handlers.ts';
import { currentRound, pounds } from './grant-views.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function nextMeetingPanel(turn: Turn): HomePanel {
  const next = upcomingMeetings(turn).find((m) => m.status === 'scheduled');
  if (!next) return { title: 'Next forum meeting', lines: ['No forum meeting is scheduled yet.'], buttons: [dialogButton('Meetings', 'meetings.show')] };
  return {
    title: 'Next forum meeting',
    lines: [next.title, `${whenText(next, turn.now, turn.deps.timeZone)}${next.location ? ` · ${next.location}` : ''}`],
    buttons: [dialogButton('Meeting pack', 'meeting.pack', { meetingId: next.id }), dialogButton('Meetings', 'meetings.show')],
  };
}

function reportsPanel(turn: Turn, person: Person): HomePanel {
  const counts = intelCountsFor(turn.deps.store, person.id);
  const lines = [counts.logged === 0 ? 'You have not logged any reports.' : `You have logged ${plural(counts.logged, 'report')}${counts.loggedNotReviewed > 0 ? ` (${counts.loggedNotReviewed} not reviewed yet)` : ''}.`];
  const reviewer = canReviewIntel(person);
  if (reviewer) {
    const waiting = counts.awaitingReview;
    lines.push(waiting === 0 ? 'No new reports to review.' : `${plural(waiting, 'new report')} to review.`);
  }
  return { title: 'Community intelligence', lines, buttons: [dialogButton('Log intelligence', 'intel.new'), dialogButton(reviewer ? 'Review queue' : 'My reports', 'intel.list')] };
}

function grantsPanel(turn: Turn): HomePanel | undefined {
  if (!may(turn.person, 'grants.view')) return undefined;
  const { store } = turn.deps;
  const round = currentRound(store, turn.today);
  if (!round) return { title: 'Small grants', lines: ['There is no grants round yet.'], buttons: may(turn.person, 'grants.rounds.manage') ? [dialogButton('Open a round', 'grant.round-form')] : [] };
  const money = roundMoney(store, round);
  const applications = store.all('grantApplications').filter((a) => a.roundId === round.id);
  const waiting = applications.filter((a) => a.status === 'submitted').length;
  const open = round.opensOn <= turn.today && turn.today <= round.closesOn;
  return {
    title: 'Small grants',
    lines: [
      `${round.name}: ${open ? `open until ${round.closesOn}` : round.closesOn < turn.today ? `closed on ${round.closesOn}` : `opens on ${round.opensOn}`}.`,
      `${pounds(money.total.remaining)} left of ${pounds(money.total.budget)} · ${plural(applications.length, 'application')}${waiting > 0 ? `, ${waiting} awaiting a decision` : ''}.`,
    ],
    buttons: [dialogButton('Grants round', 'grants.show')],
  };
}

/** The panels for a known person, in the order they show. */
export function homePanels(turn: Turn, person: Person): HomePanel[] {
  const grants = grantsPanel(turn);
  return [nextMeetingPanel(turn), reportsPanel(turn, person), ...(grants ? [grants] : [])];
}

/** For someone the bot does not know yet: the next meeting only. */
export function strangerPanels(turn: Turn): HomePanel[] {
  return [nextMeetingPanel(turn)];
}
