// Hostile input on the Slack endpoint, over real HTTP with real HMAC signatures (so it reaches
// the app, as a leaked signing secret or a buggy proxy would): arbitrary signed bodies, DMs,
// @mentions and slash commands with any text and fields, button clicks with any value (the bot's
// own encoding with any verb and data, or not), and modal submissions with any state and any
// private_metadata, including the metadata of modals the bot really opened.
// Properties: an answer at once (no 3-second wait), no 5xx, no error line in the log, the server
// keeps serving, nothing sent to Slack (Web API calls, response_url posts, modal acks) carries an
// internal detail; a stranger, and anything the bot cannot read, writes nothing.
import { expect } from 'chai';
import fc from 'fast-check';
import { parseCardAction } from '../../src/bot/card-actions.ts';
import { COLLECTION_NAMES, type Role } from '../../src/domain/model.ts';
import { anyJson, awkwardString, fuzzParameters, healthy, internalDetail, startupWritesDone } from '../helpers/fuzz.ts';
import { OPEN_TO_STRANGERS, submitData, type Known } from '../helpers/fuzz-card-data.ts';
import { startBotProcess, stopAllBotProcesses } from '../helpers/bot-process.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import {
  blockActions, BOT_TOKEN, dmChannelOf, dmEvent, eventBody, FORM_TYPE, JSON_TYPE, mentionEvent, modalValues, postSlack, SIGNING_SECRET, slackEnv, slashCommand, slackUser, viewSubmission,
  type SlackUser, type ViewValues,
} from '../helpers/slack-requests.ts';
import { startStandInSlackApi, type SlackApiCall, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

type Actor = 'stranger' | Role;
const ACTORS: Actor[] = ['stranger', 'member', 'coordinator', 'intel-reviewer', 'admin'];
const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) ?? 'null' }).toString();

describe('Hostile input: Slack requests on /slack/events (fuzz)', function () {
  this.timeout(120_000);
  let bot: RunningBot;
  let api: StandInSlackApi;
  const users = new Map<Actor, SlackUser>();
  let known: Known;
  /** Modals the bot opened (view id, metadata, blocks), to submit hostile state to. */
  const opened: SlackApiCall[] = [];

  const userOf = (actor: Actor) => users.get(actor) ?? slackUser('Nobody');
  const errorLines = () => bot.logs.filter((l) => Number(l.level) >= 50);

  /** Waits until the bot has stopped calling Slack (its work after the acknowledgement). */
  /**
   * Waits until the work a request started after its acknowledgement is over: neither the calls to
   * the Slack API nor the store change for three polls in a row (bounded). A busy machine stretches
   * that work, and a write it finishes late must not be counted against the next request.
   */
  async function settled(): Promise<void> {
    let last = '';
    let quiet = 0;
    for (let i = 0; i < 200 && quiet < 3; i += 1) {
      const now = `${api.calls.length}|${forumData()}`;
      quiet = now === last ? quiet + 1 : 0;
      last = now;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }

  /**
   * The forum's data as of now: every collection's version but `receivedEvents`, where each event
   * id the bot takes on is remembered (whoever sent it) so a retry is answered once.
   */
  const forumData = () => COLLECTION_NAMES.filter((c) => c !== 'receivedEvents').map((c) => bot.store.collectionVersion(c)).join(',');

  /** One request and every property that holds for all of them; `mayWrite` says whether a write is allowed. */
  async function check(body: string, input: unknown, mayWrite: boolean, contentType?: string): Promise<void> {
    const seq = forumData();
    const from = api.calls.length;
    const errors = errorLines().length;
    const answer = await postSlack(bot.url, body, contentType ? { contentType } : {});
    // Bolt answers a request no listener acknowledged with 404 after its 3-second wait: never that.
    expect(answer.status, `${answer.text.slice(0, 200)} (404: left to Bolt's unhandled-request wait)`).to.not.equal(404);
    expect(answer.status, answer.text.slice(0, 200)).to.be.below(500);
    // A refused request (4xx) starts no work; anything else may go on after the acknowledgement.
    if (answer.status < 400) await settled();
    const said = answer.text + JSON.stringify(api.calls.slice(from).map((c) => c.args));
    const leaked = internalDetail(said, input, [bot.dataDir, SIGNING_SECRET, BOT_TOKEN]);
    expect(leaked, leaked).to.equal(undefined);
    const logged = errorLines().slice(errors).map((l) => `${String(l.msg)} ${JSON.stringify(l.err ?? '').slice(0, 300)}`);
    expect(logged, logged.join('\n')).to.deep.equal([]);
    if (!mayWrite) expect(forumData(), 'nothing written').to.equal(seq);
  }

  before(async () => {
    api = await startStandInSlackApi();
    bot = await startRunningBot(slackEnv(api.url));
    await startupWritesDone(bot.store);
    users.set('stranger', slackUser('Sam Stranger'));
    api.setUser(userOf('stranger').userId, 'Sam Stranger');
    for (const role of ACTORS) {
      if (role === 'stranger') continue;
      const user = slackUser(`Fuzz ${role}`);
      users.set(role, user);
      await registerSlackPerson(bot.store, user, [role], 'rmbc', api);
      // The DM is remembered on the first message (a write), here rather than inside a property.
      const mark = api.calls.length;
      await postSlack(bot.url, eventBody(dmEvent(user, 'whoami')));
      await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(user), { from: mark });
    }
    known = {
      milestoneIds: bot.store.all('milestones').slice(0, 6).map((m) => m.id),
      meetingIds: bot.store.all('meetings').map((m) => m.id),
      reportIds: ['INT-1'],
      personIds: bot.store.all('people').map((p) => p.id),
    };
    // Real modals: the update form, the intelligence form, the meeting form, the person form.
    const forms: [Actor, string][] = [['coordinator', `update ${known.milestoneIds[0] ?? ''}`], ['member', 'log intel'], ['coordinator', 'new meeting'], ['admin', 'add person']];
    for (const [actor, text] of forms) {
      const mark = api.calls.length;
      await postSlack(bot.url, slashCommand(userOf(actor), text, { responseUrl: api.responseUrl(`open-${mark}`), triggerId: `trigger-${mark}` }));
      opened.push(await api.waitFor('views.open', (c) => c.args.trigger_id === `trigger-${mark}`, { from: mark }));
    }
    await settled();
  });
  after(async () => {
    await stopAllBotProcesses();
    await bot.stop();
    await api.close();
    removeTempDirs();
  });

  it('refuses at once with 400 the signed bodies the fuzzing found failing inside Bolt (were: 500, or a 3-second wait, 404 and an error log line)', async () => {
    const stranger = userOf('stranger');
    const found: [string, string][] = [
      ['an interaction without its user (Bolt read user.team_id: 500)', form({ type: 'block_actions', actions: [{ type: 'button', value: 'x' }], trigger_id: 't' })],
      ['a view_submission without its view (500)', form({ type: 'view_submission', user: { id: stranger.userId } })],
      ['an interaction type the app does not use (shortcut: 500)', form({ type: 'shortcut', user: { id: stranger.userId }, team: { id: stranger.teamId } })],
      ['a submission of a modal the bot did not open (3 s, 404)', form({ type: 'view_submission', user: { id: stranger.userId }, view: { id: 'V1', callback_id: 'someone.else', private_metadata: '', state: { values: {} } } })],
      ['an @mention whose user is null (Bolt read user.id: 500)', eventBody(mentionEvent(stranger, 'help', { user: null }))],
      ['an event whose channel is a number (Bolt used `in` on it: 500)', eventBody(dmEvent(stranger, 'help', { channel: 5 }))],
      ['an empty object (3 s, 404)', '{}'],
      ['a form that is neither a command nor an interaction (3 s, 404)', 'a=b'],
    ];
    for (const [what, body] of found) {
      const errors = errorLines().length;
      const answer = await postSlack(bot.url, body);
      // 400 from the bot itself (Bolt's wait ends in 404, its crashes in 500).
      expect(answer.status, what).to.equal(400);
      expect(errorLines().length, what).to.equal(errors);
    }
  });

  it('keeps running after a signed JSON `null` body (found by fuzzing: an unhandled rejection in Bolt\'s receiver ended the process)', async () => {
    const child = await startBotProcess(slackEnv(api.url));
    try {
      for (const [body, contentType] of [['null', JSON_TYPE], ['payload=null', FORM_TYPE]] as const) {
        const answer = await postSlack(child.url, body, { contentType });
        expect(answer.status, body).to.equal(400);
      }
      expect(await healthy(child.url), 'the process still answers').to.equal(true);
      expect(child.child.exitCode).to.equal(null);
    } finally {
      await child.stop();
    }
  });

  it('answers any signed body (any JSON, any form, any interaction payload) at once, with no 5xx, writing nothing', async () => {
    const bodies = fc.oneof(
      anyJson.map((value) => ({ body: JSON.stringify(value) ?? 'null', type: JSON_TYPE, input: value })),
      anyJson.map((value) => ({ body: form(value), type: FORM_TYPE, input: value })),
      fc.dictionary(fc.constantFrom('type', 'user', 'team', 'actions', 'view', 'channel', 'container', 'trigger_id', 'response_url', 'event', 'team_id', 'command', 'name'), anyJson).chain((fields) =>
        fc.constantFrom('block_actions', 'view_submission', 'view_closed', 'shortcut', 'message_action', 'block_suggestion', 'dialog_submission', 'event_callback').map((type) => ({ body: form({ ...fields, type }), type: FORM_TYPE, input: fields })),
      ),
      fc.dictionary(awkwardString, awkwardString, { maxKeys: 5 }).map((fields) => ({ body: new URLSearchParams(fields).toString(), type: FORM_TYPE, input: fields })),
      fc.dictionary(awkwardString, anyJson, { maxKeys: 6 }).map((event) => ({ body: eventBody({ type: 'message', ...event }), type: JSON_TYPE, input: event })),
    );
    await fc.assert(fc.asyncProperty(bodies, ({ body, type, input }) => check(body, input, false, type)), fuzzParameters(150));
    expect(await healthy(bot.url)).to.equal(true);
  });

  it('answers DMs, @mentions and slash commands with any text and any field changed, from a stranger, writing nothing', async () => {
    const stranger = userOf('stranger');
    const requests = fc.oneof(
      fc.tuple(awkwardString, fc.dictionary(fc.constantFrom('channel', 'channel_type', 'user', 'team', 'ts', 'thread_ts', 'subtype', 'bot_id', 'hidden', 'blocks', 'files'), anyJson)).map(([text, overrides]) => ({ body: eventBody(dmEvent(stranger, text, overrides)), input: [text, overrides] })),
      fc.tuple(awkwardString, fc.dictionary(fc.constantFrom('channel', 'channel_type', 'user', 'team', 'ts', 'thread_ts', 'bot_id'), anyJson)).map(([text, overrides]) => ({ body: eventBody(mentionEvent(stranger, `<@UFORUMBOT> ${text}`, overrides)), input: [text, overrides] })),
      fc.tuple(awkwardString, fc.constantFrom('C0FORUMCH', 'D0DM', 'G0GROUP', 'x')).map(([text, channel]) => ({ body: slashCommand(stranger, text, { responseUrl: api.responseUrl('fuzz'), channel }), input: text })),
    );
    await fc.assert(fc.asyncProperty(requests, ({ body, input }) => check(body, input, false)), fuzzParameters(100));
  });

  it('answers button clicks with any value, and any verb with any data, from anyone', async () => {
    const values = fc.oneof(
      awkwardString.map((value) => ({ value, verb: '', data: {} })),
      submitData(known).map(({ verb, data }) => ({ value: JSON.stringify({ kind: 'execute', verb, data }), verb, data })),
      submitData(known).map(({ verb, data }) => ({ value: JSON.stringify({ kind: 'submit', data: { ...data, verb } }), verb, data })),
      // "Open form" re-runs a command (as if typed) or a card action.
      awkwardString.map((text) => ({ value: JSON.stringify({ open: { text } }), verb: 'typed', data: { text } })),
      submitData(known).map(({ verb, data }) => ({ value: JSON.stringify({ open: { verb, data } }), verb, data })),
    );
    // In a channel, or in the clicker's own DM with the app (the only DM a click can come from).
    const clicks = fc.tuple(values, fc.constantFrom(...ACTORS), fc.boolean(), fc.boolean());
    await fc.assert(
      fc.asyncProperty(clicks, async ([{ value, verb, data }, actor, ephemeral, inDm]) => {
        const channel = inDm ? dmChannelOf(userOf(actor)) : 'C0FORUMCH';
        const body = blockActions(userOf(actor), value.slice(0, 2000), { messageTs: '1700000000.000100', channel, ephemeral, responseUrl: api.responseUrl('click') });
        // A typed command from someone the forum knows may write (e.g. `subscribe`); a card action
        // only if the bot can read it, and a stranger's only if it is open to strangers.
        const readable = verb === 'typed' || (verb !== '' && parseCardAction({ ...data, verb }).ok);
        await check(body, [value, data], readable && (actor !== 'stranger' || OPEN_TO_STRANGERS.has(verb)));
      }),
      fuzzParameters(150),
    );
  });

  it('answers modal submissions with any state and any metadata (its own modals\' included), from anyone', async () => {
    const viewOf = (call: SlackApiCall): Record<string, unknown> => Object(call.args.view);
    const stateValue = fc.record({
      type: fc.constantFrom('plain_text_input', 'static_select', 'multi_static_select', 'datepicker', 'timepicker', 'checkboxes', 'radio_buttons', 'number_input', 'x'),
      value: fc.option(anyJson),
      selected_date: fc.option(anyJson),
      selected_option: fc.option(fc.oneof(fc.record({ value: awkwardString }), anyJson)),
      selected_options: fc.option(fc.oneof(fc.array(fc.record({ value: awkwardString }), { maxLength: 3 }), anyJson)),
    }, { requiredKeys: ['type'] });
    const submissions = fc.tuple(
      fc.nat({ max: opened.length - 1 }),
      fc.oneof(
        // The form as the bot drew it, each input answered with anything.
        fc.dictionary(awkwardString, fc.oneof(awkwardString, fc.array(awkwardString, { maxLength: 3 })), { maxKeys: 4 }).map((answers) => ({ kind: 'answers' as const, answers })),
        fc.constantFrom('occurredDate', 'description', 'status', 'commentary', 'date', 'startTime', 'onlineUrl', 'roles', 'account', 'areaId', 'tensionLevel').chain((field) =>
          awkwardString.map((answer) => ({ kind: 'answers' as const, answers: { [field]: answer } })),
        ),
        // State in any shape Slack's schema allows, for any block.
        fc.dictionary(awkwardString, fc.dictionary(awkwardString, stateValue, { maxKeys: 2 }), { maxKeys: 4 }).map((values) => ({ kind: 'state' as const, values })),
      ),
      fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: awkwardString.map((s) => s.slice(0, 3000)) }),
      fc.constantFrom(...ACTORS),
    );
    await fc.assert(
      fc.asyncProperty(submissions, async ([index, state, metadata, actor]) => {
        const call = opened[index] ?? opened[0];
        if (!call) throw new Error('no modal was opened');
        const view = viewOf(call);
        const values: ViewValues = state.kind === 'answers' ? modalValues(view, state.answers) : (state.values as ViewValues);
        const privateMetadata = metadata ?? String(view.private_metadata);
        const body = viewSubmission(userOf(actor), { id: String(Object(call.response?.view).id), privateMetadata, values });
        // A stranger writes nothing; others may, when what they typed happens to be valid.
        await check(body, [state, metadata], actor !== 'stranger');
      }),
      fuzzParameters(100),
    );
    expect(await healthy(bot.url)).to.equal(true);
  });
});
