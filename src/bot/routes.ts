// Every command and card action the bot answers, in one place. The mapped types make the build
// fail when a command or a card verb is added without a route.
import type { CardAction, CardVerb } from './card-actions.ts';
import type { Command, CommandKind } from './commands/commands.ts';
import { showHelp, unknownCommand } from './handlers/help-handlers.ts';
import { showHome } from './handlers/home-handlers.ts';
import { editMilestone, refreshSharedMilestone, listMilestones, pageMilestones, saveMilestoneUpdate, showMilestone, showMilestoneHistory, showPlanSummary } from './handlers/milestone-handlers.ts';
import { cancelMeeting, cancelSeries, confirmCancel, editMeetingForm, meetingCalendarFile, newMeetingForm, saveMeeting } from './handlers/meeting-admin-handlers.ts';
import { quickStatus, showNudge } from './handlers/milestone-nudge-handlers.ts';
import { showMeetingPack, showMeetings } from './handlers/meeting-handlers.ts';
import { listRsvps, rsvpForm, saveRsvp, showPackOf } from './handlers/rsvp-handlers.ts';
import { listSubscriptions, stopSubscription, subscribe, unsubscribe } from './handlers/subscription-handlers.ts';
import { amendIntelForm, exportIntel, saveIntelReview, showIntelQueue, showIntelReport } from './handlers/intel-review-handlers.ts';
import { cancelIntel, intelForm, showTensions, submitIntel } from './handlers/intel-handlers.ts';
import { assignOwnerForm, saveOwner } from './handlers/owner-handlers.ts';
import { addPersonForm, editPersonForm, listPeople, savePerson, whoAmI } from './handlers/people-handlers.ts';
import { showStatus } from './handlers/status-handlers.ts';
import { progressNotePicker } from './handlers/message-action-handlers.ts';
import { grantsReport } from './handlers/grant-report-handlers.ts';
import { applicationForm, enterApplication } from './handlers/grant-entry-handlers.ts';
import { budgetForm, openRoundFromForm, roundForm, saveBudget } from './handlers/grant-round-handlers.ts';
import { decisionForm, newStatusLink, paymentForm, saveConflict, saveDecision, savePayment, saveScore, scoreForm, showGrant, showGrants } from './handlers/grant-handlers.ts';
import { privateFeatureRefusal } from './private-features.ts';
import { forThePerson, type Reply, type Turn } from './turn.ts';

type Answer = Reply | Promise<Reply>;

export type CommandRoutes = { [K in CommandKind]: (turn: Turn, command: Extract<Command, { kind: K }>) => Answer };
export type CardActionRoutes = { [V in CardVerb]: (turn: Turn, action: Extract<CardAction, { verb: V }>) => Answer };

export const commandRoutes: CommandRoutes = {
  help: (turn) => showHelp(turn),
  milestones: (turn, c) => listMilestones(turn, c.tokens),
  milestone: (turn, c) => showMilestone(turn, c.id),
  update: (turn, c) => editMilestone(turn, c.id),
  assign: (turn, c) => assignOwnerForm(turn, c.id),
  summary: (turn) => showPlanSummary(turn),
  'log-intel': (turn) => intelForm(turn),
  tensions: (turn) => showTensions(turn),
  intel: (turn, c) => (c.id ? showIntelReport(turn, c.id) : showIntelQueue(turn)),
  'intel-export': (turn, c) => exportIntel(turn, c.from, c.to),
  meetings: (turn, c) => showMeetings(turn, c.nextOnly),
  'meeting-pack': (turn) => showMeetingPack(turn),
  'new-meeting': (turn) => newMeetingForm(turn),
  rsvps: (turn) => listRsvps(turn),
  subscribe: (turn, c) => subscribe(turn, c.digest, c.intelSummary),
  unsubscribe: (turn) => unsubscribe(turn),
  subscriptions: (turn) => listSubscriptions(turn),
  whoami: (turn) => forThePerson(whoAmI(turn)),
  home: (turn) => forThePerson(showHome(turn)),
  people: (turn) => listPeople(turn),
  'add-person': (turn) => addPersonForm(turn),
  status: (turn) => showStatus(turn),
  grants: (turn) => showGrants(turn),
  grant: (turn, c) => showGrant(turn, c.reference),
  'grants-report': (turn, c) => grantsReport(turn, c.year),
  'grant-enter': (turn) => applicationForm(turn),
  'grants-round-open': (turn) => roundForm(turn),
  unknown: (turn, c) => unknownCommand(turn, c.text, c.suggestion),
};

/** Card actions: navigation replaces the card for the person who clicked; saves for everyone. */
export const cardActionRoutes: CardActionRoutes = {
  'milestones.page': (turn, a) => pageMilestones(turn, a),
  'milestone.show': (turn, a) => showMilestone(turn, a.id, 'interactor'),
  'milestone.refresh': (turn, a) => refreshSharedMilestone(turn, a.id),
  'milestone.history': (turn, a) => showMilestoneHistory(turn, a.id, a.page),
  'milestone.edit': (turn, a) => editMilestone(turn, a.id, 'interactor'),
  'milestone.update': (turn, a) => saveMilestoneUpdate(turn, a),
  'milestone.quick-status': (turn, a) => quickStatus(turn, a),
  'milestone.nudge': (turn, a) => showNudge(turn, a.meetingId),
  'milestone.assign-form': (turn, a) => assignOwnerForm(turn, a.id, 'interactor'),
  'milestone.assign': (turn, a) => saveOwner(turn, a),
  'intel.new': (turn) => intelForm(turn, 'interactor'),
  'intel.cancel': () => cancelIntel(),
  'intel.from-message': (turn, a) => intelForm(turn, 'interactor', a.text ?? ''),
  'milestone.note-pick': (turn, a) => progressNotePicker(turn, a.text ?? ''),
  'milestone.note-form': (turn, a) => editMilestone(turn, a.id, 'interactor', { commentary: a.commentary ?? '' }),
  'intel.amend': (turn, a) => amendIntelForm(turn, a.id),
  'intel.show': (turn, a) => showIntelReport(turn, a.id, 'interactor'),
  'intel.submit': (turn, a) => submitIntel(turn, a),
  'intel.review': (turn, a) => saveIntelReview(turn, a),
  'meeting.rsvp': (turn, a) => saveRsvp(turn, a),
  'meeting.rsvp-form': (turn, a) => rsvpForm(turn, a.meetingId),
  'meeting.pack': (turn, a) => showPackOf(turn, a.meetingId),
  'meeting.edit': (turn, a) => editMeetingForm(turn, a.meetingId),
  'meeting.cancel': (turn, a) => confirmCancel(turn, a.meetingId, 'one'),
  'meeting.cancel-confirmed': (turn, a) => cancelMeeting(turn, a.meetingId),
  'meeting.cancel-series': (turn, a) => confirmCancel(turn, a.meetingId, 'series'),
  'meeting.cancel-series-confirmed': (turn, a) => cancelSeries(turn, a.meetingId),
  'meetings.show': (turn) => showMeetings(turn, false, undefined, 'interactor'),
  'meeting.ics': (turn, a) => meetingCalendarFile(turn, a.meetingId),
  'meeting.save': (turn, a) => saveMeeting(turn, a),
  'summary.show': (turn) => showPlanSummary(turn, 'interactor'),
  'help.show': (turn) => showHelp(turn),
  'person.save': (turn, a) => savePerson(turn, a),
  'person.edit': (turn, a) => editPersonForm(turn, a.personId),
  'person.new': (turn) => addPersonForm(turn),
  'subscription.stop': (turn, a) => stopSubscription(turn, a.id),
  'grant.show': (turn, a) => showGrant(turn, a.reference, 'interactor'),
  'grants.show': (turn) => showGrants(turn, 'interactor'),
  'intel.list': (turn) => showIntelQueue(turn),
  'grant.round-form': (turn) => roundForm(turn),
  'grant.open-round': (turn, a) => openRoundFromForm(turn, a),
  'grant.budget-form': (turn, a) => budgetForm(turn, a.roundId),
  'grant.set-budget': (turn, a) => saveBudget(turn, a),
  'grant.score-form': (turn, a) => scoreForm(turn, a.reference),
  'grant.score': (turn, a) => saveScore(turn, a),
  'grant.conflict': (turn, a) => saveConflict(turn, a.reference),
  'grant.decide-form': (turn, a) => decisionForm(turn, a.reference),
  'grant.decide': (turn, a) => saveDecision(turn, a),
  'grant.pay-form': (turn, a) => paymentForm(turn, a.reference),
  'grant.pay': (turn, a) => savePayment(turn, a),
  'grant.new-link': (turn, a) => newStatusLink(turn, a.reference),
  'grant.enter': (turn, a) => enterApplication(turn, a),
};

/**
 * Events a channel sends to ask for something nobody typed: `forum/home` asks for the person's
 * Home view (Slack sends it when the App Home tab opens; any channel may). The answer is sent
 * like any reply; the channel decides where it shows.
 */
export const BOT_EVENTS = { home: 'forum/home' } as const;
export type BotEventName = (typeof BOT_EVENTS)[keyof typeof BOT_EVENTS];
export type EventRoutes = { [E in BotEventName]: (turn: Turn) => Answer };

export const eventRoutes: EventRoutes = {
  'forum/home': (turn) => showHome(turn),
};

export function isBotEvent(name: string | undefined): name is BotEventName {
  return name !== undefined && Object.hasOwn(eventRoutes, name);
}

export function routeEvent(turn: Turn, name: BotEventName): Answer {
  return privateFeatureRefusal(turn, { event: name }) ?? eventRoutes[name](turn);
}

export function routeCommand(turn: Turn, command: Command): Answer {
  // The cast is safe: the route is looked up by the same discriminant it is typed with.
  const route = commandRoutes[command.kind] as (turn: Turn, command: Command) => Answer;
  return privateFeatureRefusal(turn, { command: command.kind }) ?? route(turn, command);
}

export function routeCardAction(turn: Turn, action: CardAction): Answer {
  const route = cardActionRoutes[action.verb] as (turn: Turn, action: CardAction) => Answer;
  return privateFeatureRefusal(turn, { verb: action.verb }) ?? route(turn, action);
}
