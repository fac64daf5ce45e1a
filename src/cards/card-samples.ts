// Sample data for every card template in cards/: the schema tests expand each one and validate
// the result, and a card preview page can show them. A new template needs at least one sample
// here (the tests fail without one), so no card reaches a chat unvalidated.
import { INTEL_CARD_SAMPLES } from './card-samples-intel.ts';
import { MEETING_CARD_SAMPLES } from './card-samples-meetings.ts';
import { GRANT_CARD_SAMPLES } from './card-samples-grants.ts';
import { LIST_CARD_SAMPLES } from './card-samples-lists.ts';
import { STATUS_CARD_SAMPLES } from './card-samples-status.ts';
import { HOME_CARD_SAMPLES } from './card-samples-home.ts';
import { statusView } from './format.ts';
import type { CardModels, PlanSummaryCard } from './card-models.ts';
import { renderCard, type AdaptiveCard, type CardName } from './render-card.ts';

export interface CardSample<N extends CardName> {
  /** What the sample shows, e.g. "empty list" (also the preview page's caption). */
  label: string;
  data: CardModels[N];
}

export type CardSamples = { readonly [N in CardName]: readonly CardSample<N>[] };

export { UNTRUSTED_MARK, untrusted } from './card-samples-untrusted.ts';
import { untrusted } from './card-samples-untrusted.ts';

const LONG_NOTE = untrusted(
  [
    'Roadshow held at Clifton Park with 14 partner stalls; 230 residents spoke to us.',
    'Feedback themes: safety at night on the town centre approach, youth provision, and how to report hate incidents.',
    ...Array.from({ length: 12 }, (_, i) => `Follow-up ${i + 1}: the lead partner will write to the ward members and the community groups that asked for a visit.`),
  ].join('\n\n'),
);

const amber = statusView('delayed');

/** A theme's counts on the summary, in the tracker's order (Grey, Green, Amber, Red, Blue, Closed). */
function summaryCounts(ns: number[]): PlanSummaryCard['rows'][number]['counts'] {
  const names = ['Grey', 'Green', 'Amber', 'Red', 'Blue', 'Closed'];
  const colours = ['Default', 'Good', 'Warning', 'Attention', 'Accent', 'Default'] as const;
  return ns.map((n, i) => ({ n: String(n), colour: n === 0 ? 'Default' : (colours[i] ?? 'Default'), text: `${i === 0 ? '' : '\u2002\u2002'}${names[i] ?? ''}\u00A0${n}`, subtle: n === 0 }));
}
const green = statusView('on-track');

export const CARD_SAMPLES: CardSamples = {
  'milestone-list': [
    {
      label: 'overdue milestones, with paging',
      data: {
        title: 'Milestones',
        filterText: 'Overdue, South Yorkshire Police',
        countText: '12 milestones (showing 1-2)',
        query: 'milestones overdue syp',
        nextPage: 2,
        items: [
          { id: 'BSC-2.3-M1', description: 'Deliver two community roadshows in the north of the borough', actionTitle: 'Community roadshows', status: amber, dueText: 'Fri 14 Mar 2025', dueNote: '3 days overdue', owner: 'Community Safety Manager, RMBC', canEdit: true },
          { id: 'BSC-4.1-M2', description: 'Publish hate-crime reporting guidance for partners', actionTitle: 'Hate-crime reporting', status: green, dueText: 'Mon 31 Mar 2025', dueNote: '', owner: 'Hate Crime Lead, SYP', canEdit: false },
        ],
      },
    },
    {
      label: 'the whole plan, open work first, finished ones one tap away',
      data: {
        title: 'Milestones',
        filterText: 'Open milestones, overdue first',
        countText: '31 milestones, page 1 of 4',
        finishedText: '9 finished milestones (complete or closed) not listed.',
        finishedQuery: 'milestones finished',
        query: 'milestones',
        nextPage: 2,
        items: [{ id: 'BSC-2.3-M1', description: 'Deliver two community roadshows in the north of the borough', actionTitle: 'Community roadshows', status: amber, dueText: 'Fri 14 Mar 2025', dueNote: '3 days overdue', owner: 'Community Safety Manager, RMBC', canEdit: true }],
      },
    },
    {
      label: 'empty list, "mine" read by organisation',
      data: { title: 'My milestones', filterText: 'Yours', scopeNote: 'No milestones are assigned to you by name, so these are your organisation’s.', countText: 'No milestones', emptyText: 'Nothing matches. Try “milestones due in 30 days”.', query: 'milestones mine', items: [] },
    },
    {
      label: 'user text with a channel mention and markdown',
      data: {
        title: 'Milestones',
        filterText: untrusted('Search'),
        scopeNote: untrusted('Note'),
        countText: '1 milestone',
        query: untrusted('milestones'),
        previousPage: 1,
        items: [{ id: 'BSC-1.1-M1', description: untrusted('Description'), actionTitle: untrusted('Action'), status: amber, dueText: 'Fri 14 Mar 2025', dueNote: 'due today', owner: untrusted('Owner'), canEdit: true }],
      },
    },
  ],
  'milestone-detail': [
    {
      label: 'milestone with history, long progress note and user markdown',
      data: {
        id: 'BSC-2.3-M1',
        description: untrusted('Deliver two community roadshows in the north of the borough'),
        actionId: 'BSC-2.3',
        actionTitle: untrusted('Community roadshows'),
        themeTitle: 'Bringing people together',
        owner: untrusted('Jo Bloggs (Community Safety Manager, RMBC)'),
        lead: untrusted('Cohesion Lead, VAR'),
        status: amber,
        dueText: 'Mon 30 Jun 2025',
        dueNote: 'due in 12 days',
        originalDueText: 'Fri 14 Mar 2025',
        commentary: LONG_NOTE,
        evidence: untrusted('Minutes of the forum, 12 March'),
        updatedText: 'Updated Wed 12 Mar 2025, 14:05 by Jo Bloggs via Teams',
        version: 3,
        history: [
          { when: 'Wed 12 Mar 2025, 14:05', status: amber, byText: untrusted('Jo Bloggs via Teams'), commentary: untrusted('Venue fell through'), revisedDue: 'Mon 30 Jun 2025' },
          { when: 'Mon 3 Feb 2025, 09:30', status: green, byText: 'as loaded from the action plan', evidence: untrusted('Booking confirmed') },
        ],
        historyNote: 'The newest 2 of 12 updates. Full history shows them all.',
        olderHistoryPage: 1,
        notice: { text: 'Saved. The forum will see this at the next meeting.', colour: 'Good' },
        canEdit: true,
      },
    },
    {
      label: 'read-only milestone with no history',
      data: { id: 'BSC-0.1-M1', description: 'First forum meeting', actionId: 'BSC-0.1', actionTitle: 'Set up the forum', themeTitle: 'Coordination and overarching activity', owner: 'Forum coordinator', lead: 'Community Safety Manager, RMBC', status: statusView('complete'), dueText: 'Wed 31 May 2017', dueNote: '', updatedText: 'Last updated Wed 31 May 2017, 12:00 as loaded from the action plan · version 1', version: 1, history: [], canEdit: false },
    },
  ],
  'milestone-history': [
    {
      label: 'a middle page of a long history, with user markdown',
      data: {
        id: 'BSC-2.3-M1',
        description: untrusted('Deliver two community roadshows in the north of the borough'),
        countText: 'Updates 11 to 20 of 43, newest first.',
        history: [
          { when: 'Wed 12 Mar 2025, 14:05', status: amber, byText: untrusted('Jo Bloggs via Slack'), commentary: untrusted('Venue fell through'), revisedDue: 'Mon 30 Jun 2025' },
          { when: 'Mon 3 Feb 2025, 09:30', status: green, byText: 'as loaded from the action plan', evidence: untrusted('Booking confirmed') },
        ],
        newerPage: 1,
        olderPage: 3,
      },
    },
  ],
  'milestone-update-form': [
    {
      label: 'form with the current values',
      data: { id: 'BSC-2.3-M1', description: untrusted('Deliver two community roadshows'), version: 3, status: 'delayed', statusChoices: statusChoices(), commentary: untrusted('Venue fell through'), revisedDue: '2025-06-30', revisedDueMin: '2025-05-01', revisedDueMax: '2030-05-01', evidence: '', currentText: 'Currently Amber: Delayed (under 3 months), due Mon 30 Jun 2025', errors: [] },
    },
    {
      label: 'stale form: someone else saved first, with problems to fix',
      data: {
        id: 'BSC-2.3-M1',
        description: 'Deliver two community roadshows',
        version: 4,
        status: 'off-track',
        statusChoices: statusChoices(),
        commentary: '',
        revisedDue: '',
        revisedDueMin: '2025-05-01',
        revisedDueMax: '2030-05-01',
        evidence: '',
        currentText: 'Currently Green: On track, due Mon 30 Jun 2025',
        errors: ['Off track (3 months or more) (Red) needs a progress note saying why.', 'Off track (3 months or more) (Red) needs a revised due date.'],
        notice: { text: 'Someone else updated this milestone while you had the form open. Check their update, then save again.', colour: 'Warning' },
      },
    },
    {
      label: 'opened from a meeting nudge with Delayed chosen',
      data: {
        id: 'BSC-2.3-M1',
        description: 'Deliver two community roadshows',
        version: 4,
        status: 'delayed',
        statusChoices: statusChoices(),
        commentary: '',
        revisedDue: '',
        revisedDueMin: '2025-05-01',
        revisedDueMax: '2030-05-01',
        evidence: '',
        currentText: 'Now: Green, On track; due Mon 30 Jun 2025; owner Olive Owner.',
        errors: [],
        notice: { text: 'Nearly done. Delayed (under 3 months) (Amber) needs a progress note saying why. Delayed (under 3 months) (Amber) needs a revised due date. Add them below and save.', colour: 'Accent' },
        nudgeMeetingId: 'MTG-3',
      },
    },
  ],
  'milestone-nudge': [
    {
      label: 'two milestones to update before the meeting',
      data: {
        heading: 'Please update before the forum meeting',
        meetingText: untrusted('Stronger Communities Forum, Sat 5 Dec 2026, 14:00. Yours that are due, overdue or not updated for 30 days.'),
        items: [
          { id: 'BSC-2.3-M1', description: untrusted('Deliver two community roadshows'), status: amber, dueText: 'Due Mon 30 Nov 2026', reason: '3 days overdue', version: 4, meetingId: 'MTG-3' },
          { id: 'BSC-0.2-M1', description: 'Grants monitoring report', status: green, dueText: 'Due Fri 4 Dec 2026', reason: 'due in 4 days, before the meeting', version: 2, meetingId: 'MTG-3' },
        ],
      },
    },
    {
      label: 'after a tap, all done',
      data: {
        heading: 'Please update before the forum meeting',
        meetingText: 'Stronger Communities Forum, Sat 5 Dec 2026, 14:00. Yours that are due, overdue or not updated for 30 days.',
        notice: { text: 'BSC-0.2-M1 saved: now On track.', colour: 'Good' },
        items: [],
        emptyText: 'All done: none of yours needs an update before the meeting. Thank you.',
      },
    },
  ],
  'plan-summary': [
    {
      label: 'plan by theme with overdue milestones',
      data: {
        generatedText: 'As at Fri 14 Mar 2025, 09:00',
        legend: 'Grey: not started · Green: on track · Amber: delayed (under 3 months) · Red: off track (3 months or more) · Blue: complete · Closed',
        rows: [
          { theme: 'Coordination and overarching activity', counts: summaryCounts([1, 3, 1, 0, 6, 0]), total: 11, totalText: '11 milestones' },
          { theme: 'Our rights and responsibilities towards each other', counts: summaryCounts([0, 2, 2, 1, 1, 1]), total: 7, totalText: '7 milestones' },
        ],
        totalText: '17 milestones; 4 overdue',
        overdueTitle: 'Overdue',
        overdue: [{ id: 'BSC-2.3-M1', description: untrusted('Deliver two community roadshows'), note: '3 days overdue', owner: untrusted('Community Safety Manager, RMBC') }],
        overdueMore: 'and 3 more: type “milestones overdue”.',
      },
    },
    { label: 'nothing overdue', data: { generatedText: 'As at Fri 14 Mar 2025, 09:00', legend: 'Grey: not started · Green: on track', rows: [], totalText: 'No milestones yet', overdueTitle: 'Nothing is overdue', overdue: [] } },
  ],
  welcome: [
    {
      label: 'welcome in a 1:1 chat, for a known person',
      data: {
        title: 'Stronger Communities Forum',
        intro: 'I help forum partners keep the action plan up to date and get ready for meetings.',
        personLine: untrusted('You are Jo Bloggs, coordinator at RMBC.'),
        buttons: [
          { title: 'Plan summary', verb: 'summary.show', data: {} },
          { title: 'Help', verb: 'help.show', data: {} },
        ],
        howText: 'Tap a button, or type what you need (e.g. milestones overdue). Help lists everything.',
      },
    },
    {
      label: 'welcome in a channel: nobody named',
      data: {
        title: 'Stronger Communities Forum',
        intro: 'I help forum partners keep the action plan up to date and get ready for meetings.',
        buttons: [{ title: 'Plan summary', verb: 'summary.show', data: {} }],
        howText: 'In this channel, @mention me first (e.g. @Stronger Communities summary).',
      },
    },
  ],
  help: [
    {
      label: 'help after an unknown command',
      data: {
        intro: 'Tap what you need, or type it.',
        suggestion: untrusted('I did not understand “milstones”. Did you mean milestones?'),
        buttons: [
          { title: 'My milestones', verb: 'milestones.page', data: { query: 'milestones mine', page: 1 } },
          { title: 'Overdue milestones', verb: 'milestones.page', data: { query: 'milestones overdue', page: 1 } },
        ],
        moreText: 'Everything else is under All commands.',
        referenceIntro: 'Type one of these. Words in [brackets] are optional.',
        commands: [
          { usage: 'milestone ID', summary: 'One milestone with its history, e.g. milestone BSC-0.1-M2' },
          { usage: 'update ID', summary: 'Update a milestone: status, progress note, revised date, evidence' },
        ],
      },
    },
    { label: 'help with no buttons', data: { intro: 'Type a command.', buttons: [], moreText: 'Everything is under All commands.', referenceIntro: 'Type one of these.', commands: [{ usage: 'help', summary: 'What I can do' }] } },
  ],
  'milestone-assign-form': [
    {
      label: 'choosing an owner',
      data: {
        id: 'BSC-2.1-M1',
        description: untrusted('Community roadshows in each area of the borough'),
        ownerRole: 'Community Safety Manager, RMBC',
        personId: '',
        people: [
          { title: 'Priya Shah (SYP)', value: 'P-1' },
          { title: untrusted('Sam Jones (VAR)'), value: 'P-2' },
        ],
        userPicker: false,
      },
    },
    {
      label: 'in Slack: the workspace person picker as well',
      data: { id: 'BSC-2.1-M1', description: 'Community roadshows in each area of the borough', ownerRole: 'Community Safety Manager, RMBC', personId: 'P-1', people: [{ title: 'Priya Shah (SYP)', value: 'P-1' }], userPicker: true },
    },
  ],
  'milestone-share': [
    {
      label: 'shared from search, with a latest note',
      data: {
        id: 'BSC-2.1-M1',
        description: untrusted('Community roadshows in each area of the borough'),
        status: { status: 'delayed', label: 'Amber: Delayed', colour: 'Warning' },
        dueText: '31 Mar 2027',
        dueNote: 'in 116 days',
        owner: untrusted('Priya Shah (South Yorkshire Police)'),
        commentary: untrusted('Venues booked with the libraries; two dates still to fix.'),
        asOfText: 'Status as of Sat 5 Dec 2026, 10:40; it may have changed since.',
        refresh: { action: { type: 'Action.Execute', title: 'Refresh', verb: 'milestone.refresh', data: { id: 'BSC-2.1-M1' } }, userIds: ['8:orgid:a1b2c3d4-0000-4000-8000-00000000c002', '8:orgid:a1b2c3d4-0000-4000-8000-00000000c001'] },
        showUpdate: true,
        showRefresh: false,
      },
    },
    { label: 'no note yet; a viewer who may not update it', data: { id: 'BSC-0.1-M2', description: 'Forum terms of reference agreed', status: { status: 'not-started', label: 'Not started', colour: 'Default' }, dueText: '1 Feb 2027', dueNote: '', owner: 'Community Safety Manager, RMBC', asOfText: 'Status as of Sat 5 Dec 2026, 10:40; it may have changed since.', refresh: { action: { type: 'Action.Execute', title: 'Refresh', verb: 'milestone.refresh', data: { id: 'BSC-0.1-M2' } }, userIds: [] }, showUpdate: false, showRefresh: false } },
    { label: 'more than 60 people may update it: a Refresh button', data: { id: 'BSC-0.1-M3', description: 'Partnership plan published', status: { status: 'on-track', label: 'Green: On track', colour: 'Good' }, dueText: '1 Mar 2027', dueNote: '', owner: 'Forum coordinator', asOfText: 'Status as of Sat 5 Dec 2026, 10:40; it may have changed since.', refresh: { action: { type: 'Action.Execute', title: 'Refresh', verb: 'milestone.refresh', data: { id: 'BSC-0.1-M3' } } }, showUpdate: true, showRefresh: true } },
  ],
  'milestone-note-pick': [
    {
      label: 'a message as the note, two milestones to choose from',
      data: {
        milestones: [
          { title: untrusted('BSC-2.1-M1: Community roadshows in each area of the borough'), value: 'BSC-2.1-M1' },
          { title: 'BSC-3.3-M1: Hate crime reporting centres refreshed', value: 'BSC-3.3-M1' },
        ],
        commentary: untrusted('Roadshow dates agreed with the libraries for March; venues booked.'),
        clipped: false,
      },
    },
    { label: 'a long message, cut to the note', data: { milestones: [{ title: 'BSC-0.1-M2: Forum terms of reference agreed', value: 'BSC-0.1-M2' }], commentary: 'x'.repeat(2000), clipped: true } },
  ],
  'person-form': [
    {
      label: 'new person, organisations to choose from',
      data: { displayName: '', account: '', organisationId: '', organisations: [{ title: 'Rotherham Metropolitan Borough Council', value: 'rmbc' }, { title: 'South Yorkshire Police', value: 'syp' }], roles: 'member', roleChoices: roleChoices(), members: [], member: '', userPicker: false, pickedUser: '', errors: [] },
    },
    {
      label: 'in a group chat: someone in it to choose instead of a code',
      data: {
        displayName: '',
        account: '',
        organisationId: '',
        organisations: [{ title: 'Rotherham Metropolitan Borough Council', value: 'rmbc' }, { title: 'South Yorkshire Police', value: 'syp' }],
        roles: 'member',
        roleChoices: roleChoices(),
        members: [{ title: untrusted('Priya Shah'), value: 'teams:0a1b2c3d-0000-4000-8000-000000000001' }, { title: 'Sam Jones', value: 'teams:0a1b2c3d-0000-4000-8000-000000000002' }],
        member: '',
        userPicker: false,
        pickedUser: '',
        errors: [],
      },
    },
    {
      label: 'in Slack: the workspace person picker instead of a code',
      data: { displayName: '', account: '', organisationId: '', organisations: [{ title: 'Rotherham Metropolitan Borough Council', value: 'rmbc' }], roles: 'member', roleChoices: roleChoices(), members: [], member: '', userPicker: true, pickedUser: '', errors: [] },
    },
    {
      label: 'form sent back with problems and user text',
      data: {
        displayName: untrusted('Jo Bloggs'),
        account: 'teams:00000000-0000-0000-0000-000000000000',
        organisationId: 'syp',
        organisations: [{ title: untrusted('South Yorkshire Police'), value: 'syp' }],
        roles: 'coordinator,intel-reviewer',
        roleChoices: roleChoices(),
        members: [],
        member: '',
        userPicker: false,
        pickedUser: '',
        errors: ['Account code is missing.'],
        notice: { text: 'That account is already linked to another person.', colour: 'Attention' },
      },
    },
  ],
  ...HOME_CARD_SAMPLES,
  ...INTEL_CARD_SAMPLES,
  ...MEETING_CARD_SAMPLES,
  ...LIST_CARD_SAMPLES,
  ...STATUS_CARD_SAMPLES,
  ...GRANT_CARD_SAMPLES,
};

function roleChoices(): { title: string; value: string }[] {
  return ['member', 'coordinator', 'intel-reviewer', 'admin'].map((role) => ({ title: role, value: role }));
}

function statusChoices(): { title: string; value: string }[] {
  return (['not-started', 'on-track', 'delayed', 'off-track', 'complete', 'closed'] as const).map((s) => ({ title: statusView(s).label, value: s }));
}

export interface SampleEntry {
  card: CardName;
  label: string;
  /** Expands the template with the sample through the project's renderer. */
  render(): AdaptiveCard;
}

function entriesOf<N extends CardName>(card: N): SampleEntry[] {
  return CARD_SAMPLES[card].map((sample) => ({ card, label: sample.label, render: () => renderCard(card, sample.data) }));
}

/** Every sample of every card, ready to render (lazily: one broken template fails only its own tests). */
export function sampleEntries(): SampleEntry[] {
  return (Object.keys(CARD_SAMPLES) as CardName[]).flatMap((card) => entriesOf(card));
}
