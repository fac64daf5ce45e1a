// Who may do what: every command in the command registry and every card action in the card-action
// schema, tried by every role (someone the forum does not know, a member, the milestone's owner,
// a coordinator, an intelligence reviewer, an admin, and an admin of another Microsoft 365 tenant
// or Slack workspace, which the allow-lists ALLOWED_TENANTS / ALLOWED_SLACK_TEAMS keep out) on
// BOTH platforms, over real HTTP, against the expected table below. The table is the access policy written out as data: a reader sees it
// here, and the test fails if a permission check is removed (a refusal becomes an answer) or
// added, or if a command or verb is added to a registry without a row here.
//
// Commands are typed in the person's 1:1 chat (subscribe/unsubscribe in a channel, where they
// apply); card actions are clicked in the 1:1 chat. An answer is read as `refused` when it is the
// handler's refusal, `allowed` when it is what the command or action gives; anything else fails
// the test with the text, so a changed wording is noticed rather than misread.
import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { submitApplication } from '../../src/domain/grants/grant-applications.ts';
import { cardActionSchema } from '../../src/bot/card-actions.ts';
import { COMMANDS } from '../../src/bot/commands/commands.ts';
import type { Meeting, Person, Role as ForumRole } from '../../src/domain/model.ts';
import { may, refusalFor, type PermissionName } from '../../src/domain/access/permissions.ts';
import { startupWritesDone } from '../helpers/fuzz.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { blockActions, dmChannelOf, dmEvent, eventBody, mentionEvent, postSlack, slackEnv, slackUser, type SlackUser } from '../helpers/slack-requests.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { HOME_TEAM, startStandInSlackApi, textOf, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { cardActionActivity, mentionActivity, messageActivity, postActivity, TENANT, teamsUser, type TeamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

// --- the policy ----------------------------------------------------------------------------------

/** `outsider`: registered as an admin, but on a tenant / workspace that is not on the allow-list. */
const ROLES = ['none', 'member', 'owner', 'coordinator', 'reviewer', 'admin', 'outsider'] as const;
type Role = (typeof ROLES)[number];
type Outcome = 'allowed' | 'refused';
type Expected = Record<Role, Outcome>;

const only = (...allowed: Role[]): Expected => Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? 'allowed' : 'refused'])) as Expected;
/** Anyone on an allowed tenant or workspace, including someone the forum does not know. */
const ANYONE = only('none', 'member', 'owner', 'coordinator', 'reviewer', 'admin');
/** Anyone the forum knows, whatever their roles. */
const KNOWN = only('member', 'owner', 'coordinator', 'reviewer', 'admin');
/** Changes to a milestone: its owner, a coordinator or an admin (or the action's lead, not a role here). */
const MILESTONE_EDITORS = only('owner', 'coordinator', 'admin');
/** The forum roles each probe's person holds (`owner` is a member who owns the milestone). */
const FORUM_ROLES: Record<Role, readonly ForumRole[]> = { none: [], member: ['member'], owner: ['member'], coordinator: ['coordinator'], reviewer: ['intel-reviewer'], admin: ['admin'], outsider: ['admin'] };
/** Who the permissions table (src/domain/access/permissions.ts) lets do it: the test reads the same table the handlers do. */
const holders = (permission: PermissionName): Expected =>
  Object.fromEntries(ROLES.map((r) => [r, r !== 'none' && r !== 'outsider' && may({ roles: [...FORUM_ROLES[r]] }, permission) ? 'allowed' : 'refused'])) as Expected;
const refusal = (permission: PermissionName) => new RegExp(refusalFor(permission).replace(/[.*+?^${}()|[\]\\`]/g, '\\$&'));

/** Ids the probes use, made in `before`. */
interface Fixtures {
  milestoneId: string;
  meetingId: string;
  /** A report logged by someone outside the roles above, OFFICIAL. */
  reportId: string;
  /** A grant application in the DEMO round, and a second one (for the conflict probe). */
  grantRef: string;
  grantRef2: string;
  store: RunningBot['store'];
  /** A fresh scheduled meeting (for probes that cancel one), optionally part of a series. */
  newMeeting(series?: boolean): Promise<string>;
}

type Send =
  | { text: (f: Fixtures) => string; where?: 'personal' | 'channel' }
  | { verb: string; data: (f: Fixtures) => Record<string, unknown> | Promise<Record<string, unknown>> };

interface Probe {
  what: string;
  send: Send;
  expect: Expected;
  allowed: RegExp;
  refused: RegExp;
}

/** The polite refusal of another tenant or workspace (teams-turn-channel.ts, slack-turn-errors.ts). */
const NOT_ON_THE_ALLOW_LIST = /is not set up to use it/;
const OTHER_TENANT = '99999999-0000-4000-8000-000000000009';
const OTHER_TEAM = 'T0OTHER99';

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
/** Dates for a round that overlaps no other: each call takes the next three days, two months on. */
let roundsOpened = 0;
const nextRoundDates = () => {
  const opens = 60 + 3 * roundsOpened;
  roundsOpened += 1;
  return { opensOn: inDays(opens), closesOn: inDays(opens + 1), programmeEndsOn: inDays(opens + 30) };
};
const versionOf = (f: Fixtures, collection: 'milestones' | 'intelReports', id: string) => f.store.get(collection, id)?.version ?? 1;

const NOT_THE_EDITOR = /Only the milestone owner/;
const NOT_KNOWN_FOR_INTEL = /I need to know who you are before you can log intelligence/;

/** Every command kind in COMMANDS (except `unknown`) must have at least one probe. */
const COMMAND_POLICY: Record<string, Probe[]> = {
  help: [{ what: 'help', send: { text: () => 'help' }, expect: ANYONE, allowed: /What I can do/, refused: /^$/ }],
  milestones: [{ what: 'milestones', send: { text: () => 'milestones overdue' }, expect: ANYONE, allowed: /milestones?:? ?\d|Milestones|milestone/i, refused: /^$/ }],
  milestone: [{ what: 'milestone <id>', send: { text: (f) => `milestone ${f.milestoneId}` }, expect: ANYONE, allowed: /Milestone BSC-/, refused: /^$/ }],
  update: [{ what: 'update <id>', send: { text: (f) => `update ${f.milestoneId}` }, expect: MILESTONE_EDITORS, allowed: /Update milestone/, refused: NOT_THE_EDITOR }],
  assign: [{ what: 'assign <id>', send: { text: (f) => `assign ${f.milestoneId}` }, expect: holders('milestones.assign'), allowed: /Who owns/, refused: refusal('milestones.assign') }],
  summary: [{ what: 'summary', send: { text: () => 'summary' }, expect: ANYONE, allowed: /action plan/i, refused: /^$/ }],
  'log-intel': [{ what: 'log intel', send: { text: () => 'log intel' }, expect: KNOWN, allowed: /Log community intelligence/, refused: NOT_KNOWN_FOR_INTEL }],
  intel: [
    // Someone else's report: reviewers and admins only; a refusal looks like a missing report.
    { what: 'intel <someone else\'s id>', send: { text: (f) => `intel ${f.reportId}` }, expect: holders('intel.review'), allowed: /Report INT-/, refused: /There is no report|I do not know you yet/ },
    // The review queue of everyone's new reports; others are shown only their own reports.
    { what: 'intel (the review queue)', send: { text: () => 'intel' }, expect: holders('intel.review'), allowed: /New reports to review/, refused: /You have not logged any reports|Your reports|I do not know you yet/ },
  ],
  'intel-export': [{ what: 'intel export', send: { text: () => 'intel export' }, expect: holders('intel.export'), allowed: /download the CSV/, refused: refusal('intel.export') }],
  tensions: [{ what: 'tensions', send: { text: () => 'tensions' }, expect: KNOWN, allowed: /tensions|by ward/i, refused: /The tensions summary is for forum partners/ }],
  meetings: [{ what: 'meetings', send: { text: () => 'meetings' }, expect: ANYONE, allowed: /Forum meetings|Next forum meeting/, refused: /^$/ }],
  'new-meeting': [{ what: 'new meeting', send: { text: () => 'new meeting' }, expect: holders('meetings.manage'), allowed: /New forum meeting/, refused: refusal('meetings.manage') }],
  // The pack is what subscribed channels are sent anyway: counts and levels, never report text.
  'meeting-pack': [{ what: 'meeting pack', send: { text: () => 'meeting pack' }, expect: ANYONE, allowed: /Meeting pack|agenda/i, refused: /^$/ }],
  rsvps: [{ what: 'rsvps', send: { text: () => 'rsvps' }, expect: holders('rsvps.list'), allowed: /Replies: |Replies for|No forum meeting is scheduled|Nobody has replied/, refused: refusal('rsvps.list') }],
  subscribe: [{ what: 'subscribe reminders (in a channel)', send: { text: () => 'subscribe reminders', where: 'channel' }, expect: holders('subscriptions.manage'), allowed: /Subscribed|Already subscribed|Subscription updated/, refused: refusal('subscriptions.manage') }],
  unsubscribe: [{ what: 'unsubscribe (in a channel)', send: { text: () => 'unsubscribe', where: 'channel' }, expect: holders('subscriptions.manage'), allowed: /Unsubscribed|not subscribed/, refused: refusal('subscriptions.manage') }],
  subscriptions: [{ what: 'subscriptions', send: { text: () => 'subscriptions' }, expect: holders('subscriptions.list'), allowed: /subscribed conversation|No conversation is subscribed/, refused: refusal('subscriptions.list') }],
  home: [{ what: 'home', send: { text: () => 'home' }, expect: ANYONE, allowed: /Next forum meeting/, refused: /^$/ }],
  whoami: [{ what: 'whoami', send: { text: () => 'whoami' }, expect: ANYONE, allowed: /Account code|account code is/, refused: /^$/ }],
  people: [{ what: 'people', send: { text: () => 'people' }, expect: holders('people.list'), allowed: /\d+ (?:people|person) known to the forum/, refused: refusal('people.list') }],
  'add-person': [{ what: 'add person', send: { text: () => 'add person' }, expect: holders('people.manage'), allowed: /Add or change a person/, refused: refusal('people.manage') }],
  status: [{ what: 'status', send: { text: () => 'status' }, expect: holders('status.view'), allowed: /Bot status/, refused: refusal('status.view') }],
  grants: [{ what: 'grants', send: { text: () => 'grants' }, expect: holders('grants.view'), allowed: /Money \(budget/, refused: refusal('grants.view') }],
  'grants-round-open': [{ what: 'grants open round', send: { text: () => 'grants open round' }, expect: holders('grants.rounds.manage'), allowed: /Open a grants round/, refused: refusal('grants.rounds.manage') }],
  'grant-enter': [{ what: 'grant apply', send: { text: () => 'grant apply' }, expect: holders('grants.enter'), allowed: /Enter a grant application for a group/, refused: refusal('grants.enter') }],
  'grants-report': [{ what: 'grants report', send: { text: () => 'grants report' }, expect: holders('grants.view'), allowed: /Grants monitoring report/, refused: refusal('grants.view') }],
  grant: [{ what: 'grant <ref>', send: { text: (f) => `grant ${f.grantRef}` }, expect: holders('grants.view'), allowed: /Grant application BSC-/, refused: refusal('grants.view') }],
};

/** Every verb in the card-action schema must have at least one probe. */
const VERB_POLICY: Record<string, Probe[]> = {
  'grant.show': [{ what: 'grant.show', send: { verb: 'grant.show', data: (f) => ({ reference: f.grantRef }) }, expect: holders('grants.view'), allowed: /Grant application BSC-/, refused: refusal('grants.view') }],
  'grant.score-form': [{ what: 'grant.score-form', send: { verb: 'grant.score-form', data: (f) => ({ reference: f.grantRef }) }, expect: holders('grants.score'), allowed: /Score BSC-/, refused: refusal('grants.score') }],
  'grant.score': [
    {
      what: 'grant.score (every criterion)',
      send: { verb: 'grant.score', data: (f) => ({ reference: f.grantRef, 'score-civic-pride': '3', 'score-bringing-together': '3', 'score-rights-responsibilities': '3', 'score-opportunity': '3' }) },
      expect: holders('grants.score'),
      allowed: /Your scores were saved|scores are closed/,
      refused: refusal('grants.score'),
    },
  ],
  'grant.conflict': [{ what: 'grant.conflict', send: { verb: 'grant.conflict', data: (f) => ({ reference: f.grantRef2 }) }, expect: holders('grants.score'), allowed: /Conflict of interest recorded|You declared a conflict/, refused: refusal('grants.score') }],
  'grant.decide-form': [{ what: 'grant.decide-form', send: { verb: 'grant.decide-form', data: (f) => ({ reference: f.grantRef }) }, expect: holders('grants.decide'), allowed: /Decide BSC-/, refused: refusal('grants.decide') }],
  'grant.decide': [
    {
      what: 'grant.decide (an award)',
      send: { verb: 'grant.decide', data: (f) => ({ reference: f.grantRef, version: 1, outcome: 'award', council: 600, rtp: 0, external: 0, reason: 'Access matrix' }) },
      expect: holders('grants.decide'),
      allowed: /Awarded\.|has already been awarded/,
      refused: refusal('grants.decide'),
    },
  ],
  'grant.pay-form': [{ what: 'grant.pay-form', send: { verb: 'grant.pay-form', data: (f) => ({ reference: f.grantRef }) }, expect: holders('grants.pay'), allowed: /Record a payment for/, refused: refusal('grants.pay') }],
  'grant.pay': [
    { what: 'grant.pay', send: { verb: 'grant.pay', data: (f) => ({ reference: f.grantRef, source: 'council', amount: 1, paidOn: '2026-12-02', financeReference: 'AP-MATRIX' }) }, expect: holders('grants.pay'), allowed: /Payment \d+ recorded/, refused: refusal('grants.pay') },
  ],
  'grant.enter': [
    {
      what: 'grant.enter (a complete application)',
      send: { verb: 'grant.enter', data: () => ({ eligibleConfirmed: 'yes', groupName: 'Matrix friends', groupType: 'charity', contactName: 'A Contact', contactEmail: 'contact@example.org', projectTitle: 'Lunch', projectDescription: 'A lunch.', difference: 'People meet.', wards: 'E05012996', themes: 'civic-pride', amount: '100' }) },
      expect: holders('grants.enter'),
      allowed: /Application BSC-\w+ saved for/,
      refused: refusal('grants.enter'),
    },
  ],
  'grants.show': [{ what: 'grants.show', send: { verb: 'grants.show', data: () => ({}) }, expect: holders('grants.view'), allowed: /Money \(budget/, refused: refusal('grants.view') }],
  'grant.round-form': [{ what: 'grant.round-form', send: { verb: 'grant.round-form', data: () => ({}) }, expect: holders('grants.rounds.manage'), allowed: /Open a grants round/, refused: refusal('grants.rounds.manage') }],
  'grant.open-round': [
    {
      what: 'grant.open-round (a round of its own, after the DEMO round)',
      send: { verb: 'grant.open-round', data: () => ({ ...nextRoundDates(), name: 'Access matrix round', maxAward: '500', criteria: 'civic-pride', council: '1000', rtp: '0', external: '0' }) },
      expect: holders('grants.rounds.manage'),
      allowed: /Round ROUND-[\d-]+ opened/,
      refused: refusal('grants.rounds.manage'),
    },
  ],
  'grant.budget-form': [{ what: 'grant.budget-form', send: { verb: 'grant.budget-form', data: () => ({ roundId: 'ROUND-DEMO' }) }, expect: holders('grants.rounds.manage'), allowed: /Change the budget/, refused: refusal('grants.rounds.manage') }],
  'grant.set-budget': [
    {
      what: 'grant.set-budget (the same budget again)',
      send: { verb: 'grant.set-budget', data: (f) => ({ roundId: 'ROUND-DEMO', version: f.store.get('grantRounds', 'ROUND-DEMO')?.version ?? 1, council: '5000', rtp: '5000', external: '0' }) },
      expect: holders('grants.rounds.manage'),
      allowed: /Budget of ROUND-DEMO changed/,
      refused: refusal('grants.rounds.manage'),
    },
  ],
  'grant.new-link': [{ what: 'grant.new-link', send: { verb: 'grant.new-link', data: (f) => ({ reference: f.grantRef }) }, expect: holders('grants.links'), allowed: /New status link for BSC-/, refused: refusal('grants.links') }],
  'milestones.page': [{ what: 'milestones.page', send: { verb: 'milestones.page', data: () => ({ query: 'milestones overdue', page: 1 }) }, expect: ANYONE, allowed: /Milestones|milestone/, refused: /^$/ }],
  'milestone.show': [{ what: 'milestone.show', send: { verb: 'milestone.show', data: (f) => ({ id: f.milestoneId }) }, expect: ANYONE, allowed: /Milestone BSC-/, refused: /^$/ }],
  // A shared card asked for again (Teams refresh): anyone sees it; Update only for those who may (test/conformance/teams/shared-card-refresh.test.ts).
  'milestone.refresh': [{ what: 'milestone.refresh', send: { verb: 'milestone.refresh', data: (f) => ({ id: f.milestoneId }) }, expect: ANYONE, allowed: /Milestone BSC-/, refused: /^$/ }],
  'milestone.history': [{ what: 'milestone.history', send: { verb: 'milestone.history', data: (f) => ({ id: f.milestoneId, page: 1 }) }, expect: ANYONE, allowed: /History of milestone BSC-/, refused: /^$/ }],
  'milestone.edit': [{ what: 'milestone.edit', send: { verb: 'milestone.edit', data: (f) => ({ id: f.milestoneId }) }, expect: MILESTONE_EDITORS, allowed: /Update milestone/, refused: NOT_THE_EDITOR }],
  'milestone.update': [
    {
      what: 'milestone.update (a valid save)',
      send: { verb: 'milestone.update', data: (f) => ({ id: f.milestoneId, version: versionOf(f, 'milestones', f.milestoneId), status: 'on-track', commentary: 'Checked by the access matrix.' }) },
      expect: MILESTONE_EDITORS,
      allowed: /Saved by/,
      refused: NOT_THE_EDITOR,
    },
  ],
  'milestone.quick-status': [
    { what: 'milestone.quick-status', send: { verb: 'milestone.quick-status', data: (f) => ({ id: f.milestoneId, version: versionOf(f, 'milestones', f.milestoneId), status: 'on-track' }) }, expect: MILESTONE_EDITORS, allowed: /Saved by|saved: now/, refused: NOT_THE_EDITOR },
  ],
  // The nudge shows the person's own milestones before a meeting.
  'milestone.nudge': [{ what: 'milestone.nudge', send: { verb: 'milestone.nudge', data: (f) => ({ meetingId: f.meetingId }) }, expect: KNOWN, allowed: /Please update before the forum meeting/, refused: /I do not know you yet/ }],
  'milestone.assign-form': [{ what: 'milestone.assign-form', send: { verb: 'milestone.assign-form', data: (f) => ({ id: f.milestoneId }) }, expect: holders('milestones.assign'), allowed: /Who owns/, refused: refusal('milestones.assign') }],
  'milestone.assign': [
    {
      what: 'milestone.assign (same owner again)',
      send: { verb: 'milestone.assign', data: (f) => ({ id: f.milestoneId, personId: f.store.get('milestones', f.milestoneId)?.owner.personId ?? '' }) },
      expect: holders('milestones.assign'),
      allowed: /named the owner|The owner was already/,
      refused: refusal('milestones.assign'),
    },
  ],
  // The person's own reports, or for reviewers the queue of new ones: never text on the way there.
  'intel.list': [{ what: 'intel.list', send: { verb: 'intel.list', data: () => ({}) }, expect: KNOWN, allowed: /New reports to review|Your reports|You have not logged any reports|No new reports to review/, refused: /I do not know you yet/ }],
  'intel.new': [{ what: 'intel.new', send: { verb: 'intel.new', data: () => ({}) }, expect: KNOWN, allowed: /Log community intelligence/, refused: NOT_KNOWN_FOR_INTEL }],
  'intel.submit': [
    {
      what: 'intel.submit (a valid report)',
      send: {
        verb: 'intel.submit',
        data: () => ({
          occurredDate: yesterday(), occurredTime: '18:30', areaId: 'E05012996', location: '', category: 'rumour-or-misinformation', hateStrands: '', communitiesAffected: '', description: 'A rumour about a gathering, for the access matrix.',
          sourceType: 'social-media', sourceReliability: 'untested', informationConfidence: 'known-indirectly', tensionLevel: '1', tensionTrend: 'stable', reportedToPolice: 'false', policeReference: '', actionsTaken: '', handling: 'OFFICIAL',
        }),
      },
      expect: KNOWN,
      allowed: /Report logged/,
      refused: NOT_KNOWN_FOR_INTEL,
    },
  ],
  'intel.review': [
    {
      what: 'intel.review (someone else\'s report)',
      send: { verb: 'intel.review', data: (f) => ({ id: f.reportId, version: versionOf(f, 'intelReports', f.reportId), status: 'reviewed', note: 'Seen by the access matrix.' }) },
      expect: holders('intel.review'),
      allowed: /Report INT-/,
      refused: refusal('intel.review'),
    },
  ],
  'intel.amend': [{ what: 'intel.amend', send: { verb: 'intel.amend', data: (f) => ({ id: f.reportId }) }, expect: holders('intel.amend'), allowed: /Report INT-/, refused: refusal('intel.amend') }],
  'intel.show': [{ what: 'intel.show (someone else\'s report)', send: { verb: 'intel.show', data: (f) => ({ id: f.reportId }) }, expect: holders('intel.review'), allowed: /Report INT-/, refused: /There is no report|I do not know you yet/ }],
  // From a message's "..." menu (sent here as a click in the 1:1 chat): the private form, the message as the draft.
  'intel.from-message': [{ what: 'intel.from-message', send: { verb: 'intel.from-message', data: () => ({ text: 'Seen on the estate: posters for a march' }) }, expect: KNOWN, allowed: /Log community intelligence/, refused: NOT_KNOWN_FOR_INTEL }],
  'milestone.note-pick': [{ what: 'milestone.note-pick', send: { verb: 'milestone.note-pick', data: () => ({ text: 'Venues booked' }) }, expect: MILESTONE_EDITORS, allowed: /Add a progress note/, refused: /no open milestone you may update|I need to know who you are before you can add a progress note/ }],
  'milestone.note-form': [{ what: 'milestone.note-form', send: { verb: 'milestone.note-form', data: (f) => ({ id: f.milestoneId, commentary: 'Venues booked' }) }, expect: MILESTONE_EDITORS, allowed: /Update milestone/, refused: NOT_THE_EDITOR }],
  'intel.cancel': [{ what: 'intel.cancel', send: { verb: 'intel.cancel', data: () => ({}) }, expect: ANYONE, allowed: /Cancelled: nothing was saved/, refused: /^$/ }],
  // An RSVP comes from whoever sees the pack in a forum channel, known to the bot or not (by name).
  'meeting.rsvp': [{ what: 'meeting.rsvp', send: { verb: 'meeting.rsvp', data: (f) => ({ meetingId: f.meetingId, response: 'apologies' }) }, expect: ANYONE, allowed: /Meeting pack|apologies/i, refused: /^$/ }],
  'meeting.rsvp-form': [{ what: 'meeting.rsvp-form', send: { verb: 'meeting.rsvp-form', data: (f) => ({ meetingId: f.meetingId }) }, expect: ANYONE, allowed: /Reply to the meeting/, refused: /^$/ }],
  'meeting.pack': [{ what: 'meeting.pack', send: { verb: 'meeting.pack', data: (f) => ({ meetingId: f.meetingId }) }, expect: ANYONE, allowed: /Meeting pack|agenda/i, refused: /^$/ }],
  'meeting.edit': [{ what: 'meeting.edit', send: { verb: 'meeting.edit', data: (f) => ({ meetingId: f.meetingId }) }, expect: holders('meetings.manage'), allowed: /Edit: /, refused: refusal('meetings.manage') }],
  // Cancelling asks first; the confirmation is checked again as if it were the first tap.
  'meeting.cancel': [{ what: 'meeting.cancel (a meeting of its own)', send: { verb: 'meeting.cancel', data: async (f) => ({ meetingId: await f.newMeeting() }) }, expect: holders('meetings.manage'), allowed: /Cancel this meeting\?/, refused: refusal('meetings.manage') }],
  'meeting.cancel-confirmed': [{ what: 'meeting.cancel-confirmed (a meeting of its own)', send: { verb: 'meeting.cancel-confirmed', data: async (f) => ({ meetingId: await f.newMeeting() }) }, expect: holders('meetings.manage'), allowed: /Cancelled .{1,2}Matrix meeting/, refused: refusal('meetings.manage') }],
  'meeting.cancel-series': [
    { what: 'meeting.cancel-series (a series of its own)', send: { verb: 'meeting.cancel-series', data: async (f) => ({ meetingId: await f.newMeeting(true) }) }, expect: holders('meetings.manage'), allowed: /Cancel the rest of the series\?/, refused: refusal('meetings.manage') },
  ],
  'meeting.cancel-series-confirmed': [
    { what: 'meeting.cancel-series-confirmed (a series of its own)', send: { verb: 'meeting.cancel-series-confirmed', data: async (f) => ({ meetingId: await f.newMeeting(true) }) }, expect: holders('meetings.manage'), allowed: /Cancelled \d+ meeting/, refused: refusal('meetings.manage') },
  ],
  'meetings.show': [{ what: 'meetings.show', send: { verb: 'meetings.show', data: () => ({}) }, expect: ANYONE, allowed: /Forum meetings/, refused: /^$/ }],
  'meeting.ics': [{ what: 'meeting.ics', send: { verb: 'meeting.ics', data: (f) => ({ meetingId: f.meetingId }) }, expect: ANYONE, allowed: /to your calendar/, refused: /^$/ }],
  'meeting.save': [
    {
      what: 'meeting.save (a new meeting)',
      send: { verb: 'meeting.save', data: () => ({ meetingId: '', version: 0, title: 'Access matrix meeting', date: inDays(40), startTime: '10:00', endTime: '11:00', location: 'Riverside House', onlineUrl: '', chair: '', agenda: '' }) },
      expect: holders('meetings.manage'),
      allowed: /Forum meetings/,
      refused: refusal('meetings.manage'),
    },
  ],
  'summary.show': [{ what: 'summary.show', send: { verb: 'summary.show', data: () => ({}) }, expect: ANYONE, allowed: /action plan/i, refused: /^$/ }],
  'help.show': [{ what: 'help.show', send: { verb: 'help.show', data: () => ({}) }, expect: ANYONE, allowed: /What I can do/, refused: /^$/ }],
  'person.edit': [{ what: 'person.edit', send: { verb: 'person.edit', data: () => ({ personId: 'P-member' }) }, expect: holders('people.manage'), allowed: /"id":"displayName"|Add or change a person/, refused: refusal('people.manage') }],
  'person.new': [{ what: 'person.new', send: { verb: 'person.new', data: () => ({}) }, expect: holders('people.manage'), allowed: /Add or change a person/, refused: refusal('people.manage') }],
  'subscription.stop': [{ what: 'subscription.stop (one that is not there)', send: { verb: 'subscription.stop', data: () => ({ id: 'SUB-GONE' }) }, expect: holders('subscriptions.manage'), allowed: /no longer subscribed: nothing was changed/, refused: refusal('subscriptions.manage') }],
  'person.save': [
    {
      what: 'person.save (a new person)',
      send: { verb: 'person.save', data: () => ({ displayName: 'Added By Matrix', account: `slack:T0FORUM01:U${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`, organisationId: 'rmbc', roles: 'member' }) },
      expect: holders('people.manage'),
      allowed: /Added Added By Matrix/,
      refused: refusal('people.manage'),
    },
  ],
};

// --- the harness ---------------------------------------------------------------------------------

type Platform = 'teams' | 'slack';
const ROLE_GRANTS: Record<Exclude<Role, 'none'>, Person['roles']> = { member: ['member'], owner: ['member'], coordinator: ['coordinator'], reviewer: ['intel-reviewer'], admin: ['admin'], outsider: ['admin'] };

describe('Access: every command and card action, by every role, on Teams and Slack', function () {
  this.timeout(120_000);
  let bot: RunningBot;
  let api: StandInSlackApi;
  let connector: StandInConnector;
  let fixtures: Fixtures;
  const teams = new Map<Role, TeamsUser>();
  const slack = new Map<Role, SlackUser>();

  it('has an expected row for every command in the registry and every card action verb', () => {
    const commands = COMMANDS.map((c) => c.kind).filter((kind) => !COMMAND_POLICY[kind]?.length);
    const verbs = cardActionSchema.options.map((o) => o.shape.verb.value).filter((verb) => !VERB_POLICY[verb]?.length);
    expect(commands, `commands without an expected row: add them to COMMAND_POLICY in ${import.meta.url}`).to.deep.equal([]);
    expect(verbs, `card action verbs without an expected row: add them to VERB_POLICY in ${import.meta.url}`).to.deep.equal([]);
    const stale = [...Object.keys(COMMAND_POLICY).filter((k) => !COMMANDS.some((c) => c.kind === k)), ...Object.keys(VERB_POLICY).filter((v) => !cardActionSchema.options.some((o) => o.shape.verb.value === v))];
    expect(stale, 'rows for commands or verbs that no longer exist').to.deep.equal([]);
  });

  before(async () => {
    api = await startStandInSlackApi();
    connector = await startStandInConnector();
    bot = await startRunningBot(slackEnv(api.url, { ALLOWED_TENANTS: TENANT, ALLOWED_SLACK_TEAMS: HOME_TEAM }));
    await startupWritesDone(bot.store);
    const setup = { actor: { name: 'access matrix setup' }, via: 'cli' } as const;
    for (const role of ROLES) {
      const teamsAccount = teamsUser(`Teams ${role}`);
      const slackAccount = slackUser(`Slack ${role}`, role === 'outsider' ? OTHER_TEAM : HOME_TEAM);
      const tenantId = role === 'outsider' ? OTHER_TENANT : TENANT;
      teams.set(role, teamsAccount);
      slack.set(role, slackAccount);
      api.setUser(slackAccount.userId, slackAccount.name);
      if (role === 'none') continue;
      // One forum person with an account on each platform.
      await bot.store.transact(setup, (tx) => {
        tx.put('people', { id: `P-${role}`, displayName: `Matrix ${role}`, organisationId: 'rmbc', roles: ROLE_GRANTS[role], identities: [{ platform: 'teams', aadObjectId: teamsAccount.aadObjectId, tenantId }, { platform: 'slack', teamId: slackAccount.teamId, userId: slackAccount.userId }], createdAt: tx.now, updatedAt: tx.now }, { action: 'person.add' });
      });
    }
    const milestone = bot.store.all('milestones').find((m) => m.status === 'on-track' || m.status === 'not-started');
    if (!milestone) throw new Error('no open milestone in the seed');
    await bot.store.transact(setup, (tx) => tx.put('milestones', { ...milestone, owner: { ...milestone.owner, personId: 'P-owner' } }, { action: 'milestone.assign' }));
    let made = 0;
    const newMeeting = async (series = false): Promise<string> => {
      made += 1;
      const id = `MTG-MATRIX-${made}`;
      await bot.store.transact(setup, (tx) => {
        const base: Meeting = { id, title: `Matrix meeting ${made}`, startsAt: new Date(Date.now() + (30 + made) * 86_400_000).toISOString(), agenda: ['Welcome'], status: 'scheduled', rsvps: [], version: 1 };
        tx.put('meetings', series ? { ...base, seriesId: `SER-MATRIX-${made}` } : base, { action: 'meeting.add' });
      });
      return id;
    };
    const meetingId = await newMeeting();
    // A report by someone outside the roles: nobody but reviewers and admins may see it.
    const reporter = teamsUser('Rory Reporter');
    await bot.store.transact(setup, (tx) => {
      tx.put('people', { id: 'P-reporter', displayName: 'Rory Reporter', organisationId: 'rmbc', roles: ['member'], identities: [{ platform: 'teams', aadObjectId: reporter.aadObjectId, tenantId: TENANT }], createdAt: tx.now, updatedAt: tx.now }, { action: 'person.add' });
    });
    const logged = await postActivity(bot.url, cardActionActivity('intel.submit', await (VERB_POLICY['intel.submit']?.[0]?.send as { data: (f: Fixtures) => Record<string, unknown> }).data({} as Fixtures), { from: reporter }));
    expect(JSON.stringify(logged.body)).to.include('Report logged');
    const reportId = bot.store.all('intelReports').find((r) => r.reporterPersonId === 'P-reporter')?.id ?? '';
    const apply = async () => (await submitApplication(bot.store, { actor: { name: 'applicant' }, via: 'web' }, { draft: { group: { name: 'Matrix group', type: 'charity' }, contact: { name: 'A', email: 'a@example.org' }, project: { title: 'T', description: 'D', difference: 'X' }, wards: ['E05012996'], themes: ['civic-pride'], amount: 600 }, statusLinkId: randomBytes(32).toString('base64url') })).application.id;
    fixtures = { milestoneId: milestone.id, meetingId, reportId, grantRef: await apply(), grantRef2: await apply(), store: bot.store, newMeeting };
    // Each person has written to the bot once in a 1:1 chat (remembered, a write) before the matrix runs.
    for (const role of ROLES) {
      await postActivity(bot.url, messageActivity('whoami', { from: teams.get(role), serviceUrl: connector.url, ...tenantOf(role) }));
      await slackSay(role, 'whoami');
    }
  });
  after(async () => {
    await bot.stop();
    await api.close();
    await connector.close();
    removeTempDirs();
  });

  /**
   * Waits for the bot's answer to `user` in Slack (every probe gets one) and until it has stopped
   * calling Slack. Private messages to other people (an intelligence alert to the reviewers, sent
   * before the reporter's answer) are not the answer.
   */
  async function settled(from: number, user: SlackUser): Promise<void> {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    const others = new Set([...slack.values()].filter((u) => u.userId !== user.userId).map((u) => dmChannelOf(u)));
    const isAnswer = (c: { method: string; args: Record<string, unknown> }) => c.method !== 'conversations.open' && !others.has(String(c.args.channel));
    for (let i = 0; i < 250 && !api.calls.slice(from).some(isAnswer); i += 1) await pause();
    let count = -1;
    for (let i = 0; i < 200 && count !== api.calls.length; i += 1) {
      count = api.calls.length;
      await pause();
      await pause();
    }
  }

  async function slackSay(role: Role, text: string, where: 'personal' | 'channel' = 'personal'): Promise<string> {
    const user = slack.get(role) ?? slackUser('?');
    const from = api.calls.length;
    await postSlack(bot.url, eventBody(where === 'channel' ? mentionEvent(user, `<@UFORUMBOT> ${text}`) : dmEvent(user, text)));
    await settled(from, user);
    return textOf(api.calls.slice(from).map((c) => c.args));
  }

  const tenantOf = (role: Role) => (role === 'outsider' ? { tenantId: OTHER_TENANT } : {});

  /** Everything the bot said in answer, as text. */
  async function answer(platform: Platform, role: Role, send: Send): Promise<string> {
    if ('text' in send) {
      const text = send.text(fixtures);
      if (platform === 'slack') return slackSay(role, text, send.where);
      const options = { from: teams.get(role), serviceUrl: connector.url, ...tenantOf(role) };
      const activity = send.where === 'channel' ? mentionActivity(text, options) : messageActivity(text, options);
      return JSON.stringify((await postActivity(bot.url, activity)).activities);
    }
    const data = await send.data(fixtures);
    if (platform === 'teams') {
      const reply = await postActivity(bot.url, cardActionActivity(send.verb, data, { from: teams.get(role), serviceUrl: connector.url, ...tenantOf(role) }));
      return JSON.stringify(reply.body);
    }
    const user = slack.get(role) ?? slackUser('?');
    const from = api.calls.length;
    await postSlack(bot.url, blockActions(user, JSON.stringify({ kind: 'execute', verb: send.verb, data }), { messageTs: '1700000000.000200', channel: dmChannelOf(user), responseUrl: api.responseUrl('matrix') }));
    await settled(from, user);
    return textOf(api.calls.slice(from).map((c) => c.args));
  }

  function outcomeOf(probe: Probe, said: string): Outcome | `unclear: ${string}` {
    if (NOT_ON_THE_ALLOW_LIST.test(said) || (probe.refused.source !== '^$' && probe.refused.test(said))) return 'refused';
    if (probe.allowed.test(said)) return 'allowed';
    return `unclear: ${said.slice(0, 300)}`;
  }

  const probes: [string, Probe][] = [...Object.entries(COMMAND_POLICY).flatMap(([kind, list]) => list.map((p): [string, Probe] => [`command ${kind}`, p])), ...Object.entries(VERB_POLICY).flatMap(([verb, list]) => list.map((p): [string, Probe] => [`verb ${verb}`, p]))];

  for (const platform of ['teams', 'slack'] as const) {
    describe(platform === 'teams' ? 'Teams' : 'Slack', () => {
      for (const [, probe] of probes) {
        it(`${probe.what}: ${ROLES.map((r) => `${r} ${probe.expect[r] === 'allowed' ? '✓' : '✗'}`).join(', ')}`, async () => {
          const actual: Record<string, string> = {};
          for (const role of ROLES) actual[role] = outcomeOf(probe, await answer(platform, role, probe.send));
          expect(actual, `${platform}: ${probe.what}`).to.deep.equal(probe.expect);
        });
      }
    });
  }
});
