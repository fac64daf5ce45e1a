// Every form the bot sends, as the conformance suite fills it in Slack: how it is opened (a slash
// command or a click, so views.open is recorded), an answer for every one of its inputs (so every
// input element the renderer emits for it is submitted with the field Slack documents for it),
// and what must follow in the store and in what was posted. Keyed by the form's submit verb;
// completeness.test.ts fails if a form the bot can send is missing here.
import { TZDate } from '@date-fns/tz';
import { addDays, format, parseISO } from 'date-fns';
import { expect } from 'chai';
import type { InputBlock, ModalView } from '../../../src/channels/slack/block-kit/index.ts';
import { findMilestones } from '../../../src/domain/milestones/milestone-queries.ts';
import { localDate } from '../../../src/domain/calendar.ts';
import type { GrantApplication } from '../../../src/domain/grants/grant-records.ts';
import type { SlackAnswer } from '../../helpers/slack-requests.ts';
import { buttonsIn, textOf } from '../../helpers/stand-in-slack-api.ts';
import type { Answer } from './fixtures/view-state.ts';
import { inputBlocksOf } from './fixtures/view-submission.ts';
import type { Conformance, OpenedForm, SlackPerson } from './harness.ts';

export interface FormPeople {
  coordinator: SlackPerson;
  admin: SlackPerson;
  member: SlackPerson;
  reviewer: SlackPerson;
  /** Someone a coordinator makes owner of a milestone. */
  owner: SlackPerson;
}

export interface ConformanceForm {
  /** Who fills it in. */
  by: keyof FormPeople;
  open(slack: Conformance, people: FormPeople): Promise<OpenedForm>;
  answers(form: OpenedForm, slack: Conformance, people: FormPeople): Record<string, Answer>;
  check(slack: Conformance, people: FormPeople, answer: SlackAnswer, from: number, answers: Record<string, Answer>): Promise<void>;
}

const today = () => localDate(new Date());
const inDays = (days: number) => format(addDays(parseISO(today()), days), 'yyyy-MM-dd');
const london = (iso: string, pattern: string) => format(new TZDate(Date.parse(iso), 'Europe/London'), pattern);

/** The option values an input offers (static_select, radio_buttons, checkboxes, multi-select). */
export function optionsOf(view: ModalView, blockId: string): string[] {
  const block = inputBlocksOf(view).find((b) => b.block_id === blockId);
  const element: InputBlock['element'] | undefined = block?.element;
  return element && 'options' in element ? element.options.map((o) => o.value) : [];
}

async function byCommand(slack: Conformance, who: SlackPerson, text: string): Promise<OpenedForm> {
  const { from, triggerId } = await slack.command(who, text);
  return slack.opened(triggerId, from);
}

/** A click on a button of a message the person was sent, found by what its value carries. */
async function byButton(slack: Conformance, who: SlackPerson, listCommand: string, valueHas: string[]): Promise<OpenedForm> {
  const { from, responseUrl } = await slack.command(who, listCommand);
  const list = await slack.api.waitFor('response_url', (c) => c.path.endsWith(new URL(responseUrl).pathname.split('/').pop() ?? '-'), { from });
  const button = buttonsIn(list.args.blocks).find((b) => valueHas.every((part) => b.value.includes(part)));
  expect(button, `a button carrying ${valueHas.join(', ')} in the answer to ${listCommand}`).to.not.equal(undefined);
  const click = await slack.click(who, { actionId: button?.actionId ?? '', text: button?.text ?? '', value: button?.value ?? '' }, { kind: 'message', channel: 'C0CONFORM1', messageTs: '1700000000.000700', ephemeral: true, responseUrl: slack.api.responseUrl(`click-${from}`) });
  return slack.opened(click.triggerId, click.from);
}

/** The milestone the update and assign forms work on: open, due in the future. */
function openMilestone(slack: Conformance) {
  const milestone = findMilestones(slack.bot.store, { today: today(), dueFrom: inDays(1), statuses: ['not-started', 'on-track'] })[0];
  expect(milestone, 'an open milestone due later in the seed plan').to.not.equal(undefined);
  return milestone as NonNullable<typeof milestone>;
}

const postedSince = (slack: Conformance, from: number) => JSON.stringify(slack.api.calls.slice(from).filter((c) => c.method !== 'users.info').map((c) => c.args));

export const CONFORMANCE_FORMS: Record<string, ConformanceForm> = {
  'milestone.update': {
    by: 'coordinator',
    open: (slack, people) => byCommand(slack, people.coordinator, `update ${openMilestone(slack).id}`),
    answers(_form, slack) {
      const m = openMilestone(slack);
      return { status: 'delayed', commentary: 'Venue fell through; rebooked for later.', revisedDue: format(addDays(parseISO(m.originalDue), 10), 'yyyy-MM-dd'), evidence: 'Booking confirmation 4471' };
    },
    async check(slack, _people, answer, from, answers) {
      expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
      const updated = slack.bot.store.all('milestones').find((m) => m.revisedDue === answers.revisedDue);
      expect(updated).to.include({ status: 'delayed' });
      const history = slack.bot.store.all('milestoneUpdates').filter((u) => u.milestoneId === updated?.id);
      expect(history.at(-1)).to.include({ commentary: 'Venue fell through; rebooked for later.', via: 'slack' });
      const told = await slack.api.waitFor('response_url', (c) => textOf(c.args).includes('Saved by'), { from });
      expect(textOf(told.args)).to.include(String(updated?.id));
    },
  },

  'meeting.save': {
    by: 'coordinator',
    open: (slack, people) => byCommand(slack, people.coordinator, 'new meeting'),
    answers: () => ({
      title: 'Conformance forum meeting',
      date: inDays(15),
      startTime: '18:30',
      endTime: '20:15',
      repeat: 'weeks-4',
      repeatCount: '3',
      location: 'Riverside House',
      onlineUrl: 'https://meet.example.org/forum',
      chair: 'Forum chair',
      agenda: 'Welcome\nTensions update',
    }),
    async check(slack, _people, answer, from, answers) {
      expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
      const made = slack.bot.store.all('meetings').filter((m) => m.title === 'Conformance forum meeting').sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      expect(made, 'a series of three').to.have.length(3);
      expect(london(made[0]?.startsAt ?? '', 'yyyy-MM-dd HH:mm')).to.equal(`${answers.date} 18:30`);
      expect(london(made[0]?.endsAt ?? '', 'HH:mm')).to.equal('20:15');
      expect(made[0]).to.deep.include({ location: 'Riverside House', onlineUrl: 'https://meet.example.org/forum', chair: 'Forum chair', agenda: ['Welcome', 'Tensions update'] });
      const told = await slack.api.waitFor('response_url', (c) => textOf(c.args).includes('Saved a series of 3 meetings'), { from });
      expect(textOf(told.args)).to.include('Conformance forum meeting');
    },
  },

  'intel.submit': {
    by: 'member',
    open: (slack, people) => byCommand(slack, people.member, 'log intel'),
    answers(form) {
      return {
        occurredDate: inDays(-1),
        occurredTime: '21:40',
        areaId: optionsOf(form.view, 'areaId')[1] ?? '',
        location: 'Near the market',
        category: 'hate-incident',
        hateStrands: optionsOf(form.view, 'hateStrands').slice(0, 2),
        communitiesAffected: optionsOf(form.view, 'communitiesAffected').slice(0, 1),
        description: 'Leaflets targeting a community were left at the bus station',
        sourceType: optionsOf(form.view, 'sourceType')[0] ?? '',
        sourceReliability: optionsOf(form.view, 'sourceReliability')[0] ?? '',
        informationConfidence: optionsOf(form.view, 'informationConfidence')[0] ?? '',
        tensionLevel: '2',
        tensionTrend: optionsOf(form.view, 'tensionTrend')[0] ?? '',
        reportedToPolice: ['on'],
        policeReference: 'SYP-2026-0042',
        actionsTaken: 'Leaflets removed; council informed',
        handling: 'OFFICIAL',
      };
    },
    async check(slack, _people, answer, from, answers) {
      expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
      const report = slack.bot.store.all('intelReports').find((r) => r.description === answers.description);
      expect(report, 'the report is saved').to.not.equal(undefined);
      expect(london(report?.occurredAt ?? '', 'yyyy-MM-dd HH:mm')).to.equal(`${answers.occurredDate} 21:40`);
      expect(report).to.deep.include({ category: 'hate-incident', hateStrands: answers.hateStrands, communitiesAffected: answers.communitiesAffected, reportedToPolice: true, policeReference: 'SYP-2026-0042', tensionLevel: 2, handling: 'OFFICIAL' });
      await slack.api.waitFor('response_url', (c) => textOf(c.args).includes(`Report logged: ${report?.id}`), { from });
      expect(postedSince(slack, from), 'the text goes nowhere').not.to.include('Leaflets targeting');
    },
  },

  'person.save': {
    by: 'admin',
    open: (slack, people) => byCommand(slack, people.admin, 'add person'),
    // Chosen with Slack's users_select (the pick wins over the code; test/slack/slack-user-picker.test.ts has the pick alone, its name from users.info).
    answers: (form, _slack, people) => ({ pickedUser: 'U0NEWCOMER', displayName: 'Noor Newcomer', account: `slack:${people.admin.team}:U0NEWCOMER`, organisationId: optionsOf(form.view, 'organisationId')[0] ?? '', roles: ['member', 'coordinator'] }),
    async check(slack, _people, answer, _from, answers) {
      // The form comes back empty, saying who was added, to add another.
      expect(answer.json).to.have.property('response_action', 'update');
      expect(textOf(Object(answer.json).view)).to.match(/Added Noor Newcomer \((coordinator, member|member, coordinator)\)/);
      const added = slack.bot.store.all('people').find((p) => p.displayName === 'Noor Newcomer');
      expect(added?.organisationId).to.equal(answers.organisationId);
      expect([...(added?.roles ?? [])].sort()).to.deep.equal(['coordinator', 'member']);
      expect(added?.identities).to.deep.equal([{ platform: 'slack', teamId: _people.admin.team, userId: 'U0NEWCOMER' }]);
    },
  },

  // From a channel message's "..." menu: the milestone chosen (and the message as the note), then its update form.
  'milestone.note-form': {
    by: 'coordinator',
    async open(slack, people) {
      const { from, triggerId } = await slack.shortcut(people.coordinator, { callbackId: 'forum.progress_note', author: 'U0AUTHOR01', text: 'Roadshow venues &amp; dates agreed with the libraries' });
      const picker = await slack.opened(triggerId, from);
      expect(optionsOf(picker.view, 'id')).to.include(openMilestone(slack).id);
      const next = await slack.submit(people.coordinator, picker, { id: openMilestone(slack).id, commentary: 'Roadshow venues & dates agreed with the libraries' });
      expect(next.json).to.have.property('response_action', 'update');
      const view = Object(next.json).view as ModalView;
      return { ...picker, view };
    },
    answers: (_form, slack) => ({ status: 'on-track', commentary: 'Roadshow venues & dates agreed with the libraries', revisedDue: format(addDays(parseISO(openMilestone(slack).originalDue), 7), 'yyyy-MM-dd'), evidence: 'Library bookings' }),
    async check(slack, _people, answer) {
      expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
      const history = slack.bot.store.all('milestoneUpdates').filter((u) => u.commentary === 'Roadshow venues & dates agreed with the libraries');
      expect(history, 'the note is the milestone\'s latest update').to.have.length(1);
      expect(history[0]).to.include({ via: 'slack', status: 'on-track' });
    },
  },

  'milestone.assign': {
    by: 'coordinator',
    open: (slack, people) => byCommand(slack, people.coordinator, `assign ${openMilestone(slack).id}`),
    // The owner chosen with Slack's users_select: the registered person with that Slack account.
    answers: (_form, _slack, people) => ({ personId: `P-${people.owner.user}`, pickedUser: people.owner.user }),
    async check(slack, people, answer, from) {
      expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
      const owned = slack.bot.store.all('milestones').filter((m) => m.owner.personId === `P-${people.owner.user}`);
      expect(owned, 'the owner is set').to.have.length(1);
      await slack.api.waitFor('response_url', (c) => textOf(c.args).includes(people.owner.name), { from });
    },
  },

  'meeting.rsvp': {
    by: 'member',
    open: (slack, people) => byButton(slack, people.member, 'meeting pack', ['meeting.rsvp-form']),
    answers: () => ({ response: 'apologies', note: 'A deputy attends for me' }),
    async check(slack, people, answer) {
      expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
      const replied = slack.bot.store.all('meetings').flatMap((m) => m.rsvps).find((r) => r.personId === `P-${people.member.user}`);
      expect(replied).to.include({ response: 'apologies', note: 'A deputy attends for me' });
    },
  },

  'intel.review': {
    by: 'reviewer',
    async open(slack, people) {
      const report = slack.bot.store.all('intelReports').find((r) => r.status === 'new');
      expect(report, 'a new report to review (logged by the intel form before)').to.not.equal(undefined);
      const opened = await byCommand(slack, people.reviewer, `intel ${report?.id}`);
      // "Correct the text" in the modal: the same form, with the report's text to amend.
      const correct = buttonsIn(opened.view).find((b) => b.value.includes('intel.amend'));
      expect(correct, 'Correct the text in the review modal').to.not.equal(undefined);
      const click = await slack.click(people.reviewer, { actionId: correct?.actionId ?? '', text: correct?.text ?? '', value: correct?.value ?? '' }, { kind: 'modal', viewId: opened.viewId, callbackId: opened.view.callback_id, privateMetadata: opened.view.private_metadata });
      const updated = await slack.api.waitFor('views.update', (c) => c.args.view_id === opened.viewId, { from: click.from });
      return { call: updated, viewId: opened.viewId, view: updated.args.view as ModalView };
    },
    answers: () => ({ description: 'Leaflets targeting a community were left at a bus station', location: 'Town centre', actionsTaken: 'Leaflets removed', status: 'actioned', note: 'Passed to the council cohesion team' }),
    async check(slack, _people, answer) {
      // The report comes back in the modal as it is now, for the next step of the review.
      expect(answer.json).to.have.property('response_action', 'update');
      expect(textOf(Object(answer.json).view)).to.include('Actioned');
      const report = slack.bot.store.all('intelReports').find((r) => r.description === 'Leaflets targeting a community were left at a bus station');
      expect(report).to.deep.include({ status: 'actioned', location: 'Town centre', actionsTaken: 'Leaflets removed' });
      expect(report?.reviewNotes.at(-1)).to.include({ status: 'actioned', note: 'Passed to the council cohesion team' });
    },
  },
  // The grants fund (issue 17): a partner enters an application for a group, then the panel
  // scores it, the officer awards it and records a payment (the admin holds every grants role).
  'grant.enter': {
    by: 'member',
    open: (slack, people) => byCommand(slack, people.member, 'grant apply'),
    answers: (form) => ({
      eligibleConfirmed: optionsOf(form.view, 'eligibleConfirmed').slice(0, 1),
      groupName: 'Conformance Friends',
      groupPostcode: 'S60 1AE',
      contactName: 'Cora Contact',
      contactEmail: 'cora@example.org',
      contactPhone: '01709 123456',
      projectTitle: 'Repair cafe',
      projectDescription: 'A monthly repair cafe.',
      difference: 'Neighbours meet and fix things.',
      groupType: 'charity',
      wards: optionsOf(form.view, 'wards').slice(0, 2),
      themes: optionsOf(form.view, 'themes').slice(0, 1),
      amount: '700',
    }),
    async check(slack, people, answer, from) {
      expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
      const saved = grantOf(slack);
      expect(saved).to.deep.include({ via: 'slack', enteredByPersonId: `P-${people.member.user}`, amount: 700, status: 'submitted' });
      expect(saved?.contact).to.deep.equal({ name: 'Cora Contact', email: 'cora@example.org', phone: '01709 123456' });
      expect(saved?.wards).to.have.length(2);
      await slack.api.waitFor('response_url', (c) => textOf(c.args).includes(`Application ${saved?.id ?? '?'} saved`), { from });
    },
  },
  'grant.score': {
    by: 'admin',
    open: (slack, people) => byButton(slack, people.admin, `grant ${grantOf(slack)?.id ?? ''}`, ['grant.score-form']),
    answers: (form) => ({ ...Object.fromEntries(inputBlocksOf(form.view).filter((b) => b.block_id.startsWith('score-')).map((b) => [b.block_id, '4'])), comment: 'Well planned' }),
    async check(slack, people, answer) {
      expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
      const score = slack.bot.store.all('grantScores').find((g) => g.personId === `P-${people.admin.user}`);
      expect(score).to.deep.include({ conflict: false, comment: 'Well planned', scores: { 'civic-pride': 4, 'bringing-together': 4, 'rights-responsibilities': 4, opportunity: 4 } });
    },
  },
  'grant.decide': {
    by: 'admin',
    open: (slack, people) => byButton(slack, people.admin, `grant ${grantOf(slack)?.id ?? ''}`, ['grant.decide-form']),
    answers: () => ({ outcome: 'award', council: '500', rtp: '200', external: '0', reason: 'Meets the criteria' }),
    async check(slack, _people, answer) {
      expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
      const decision = slack.bot.store.get('grantDecisions', grantOf(slack)?.id ?? '');
      expect(decision).to.deep.include({ outcome: 'award', amounts: { council: 500, rtp: 200, external: 0 }, reason: 'Meets the criteria' });
      expect(grantOf(slack)?.status).to.equal('awarded');
    },
  },
  'grant.pay': {
    by: 'admin',
    open: (slack, people) => byButton(slack, people.admin, `grant ${grantOf(slack)?.id ?? ''}`, ['grant.pay-form']),
    answers: () => ({ source: 'council', amount: '250', paidOn: today(), financeReference: 'AP-CONFORM' }),
    async check(slack, _people, answer) {
      expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
      const payment = slack.bot.store.all('grantPayments').find((p) => p.applicationId === grantOf(slack)?.id);
      expect(payment).to.deep.include({ source: 'council', amount: 250, paidOn: today(), financeReference: 'AP-CONFORM', instalment: 1 });
    },
  },
  // A coordinator opens a later round (after the DEMO round, so they do not overlap) and changes
  // the DEMO round's budget from the `grants` card.
  'grant.open-round': {
    by: 'coordinator',
    open: (slack, people) => byCommand(slack, people.coordinator, 'grants open round'),
    answers: (form) => ({ name: 'Conformance round', opensOn: inDays(70), closesOn: inDays(75), programmeEndsOn: inDays(400), maxAward: '750', criteria: optionsOf(form.view, 'criteria').slice(0, 2), council: '2000', rtp: '0', external: '500' }),
    async check(slack, _people, answer, from, answers) {
      expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
      const round = slack.bot.store.all('grantRounds').find((r) => r.name === 'Conformance round');
      expect(round).to.deep.include({ opensOn: inDays(70), closesOn: inDays(75), programmeEndsOn: inDays(400), maxAward: 750, budget: { council: 2000, rtp: 0, external: 500 }, demo: false });
      expect(round?.criteria).to.deep.equal(answers.criteria);
      await slack.api.waitFor('response_url', (c) => textOf(c.args).includes(`Round ${round?.id ?? '?'} opened`), { from });
    },
  },
  'grant.set-budget': {
    by: 'coordinator',
    open: (slack, people) => byButton(slack, people.coordinator, 'grants', ['grant.budget-form']),
    answers: () => ({ council: '6000', rtp: '5000', external: '0' }),
    async check(slack, _people, answer, from) {
      expect(answer.json, 'the modal closes').to.deep.equal({ response_action: 'clear' });
      expect(slack.bot.store.get('grantRounds', 'ROUND-DEMO')?.budget).to.deep.equal({ council: 6000, rtp: 5000, external: 0 });
      await slack.api.waitFor('response_url', (c) => textOf(c.args).includes('Budget of ROUND-DEMO changed'), { from });
    },
  },
};

/** The application the grants forms work on (entered by grant.enter). */
function grantOf(slack: Conformance): Readonly<GrantApplication> | undefined {
  return slack.bot.store.all('grantApplications').find((a) => a.group.name === 'Conformance Friends');
}
