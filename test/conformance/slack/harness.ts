// What every conformance test needs: the app started as `npm start` wires it (HTTP mode), the
// stand-in Web API recording what the bot sends, people of our workspace registered with roles,
// fresh Slack ids (event ids, ts, trigger ids), and the round trip of a form: opened by a slash
// command or a click (views.open recorded), then submitted as Slack submits it.
import { expect } from 'chai';
import type { ModalView } from '../../../src/channels/slack/block-kit/index.ts';
import type { Role } from '../../../src/domain/model.ts';
import { startRunningBot, type RunningBot } from '../../helpers/running-bot.ts';
import { registerSlackPerson } from '../../helpers/slack-people.ts';
import { postSlack, slackEnv, type PostOptions, type SlackAnswer } from '../../helpers/slack-requests.ts';
import { startStandInSlackApi, type SlackApiCall, type StandInSlackApi } from '../../helpers/stand-in-slack-api.ts';
import { IDS } from './fixtures/ids.ts';
import { blockActions, type ClickedButton, type ClickSurface } from './fixtures/block-actions.ts';
import { slashCommand, type CommandPlace } from './fixtures/slash-command.ts';
import { viewSubmission } from './fixtures/view-submission.ts';
import { messageAction, type ShortcutMessage } from './fixtures/message-action.ts';
import type { Answer } from './fixtures/view-state.ts';

export interface SlackPerson {
  team: string;
  user: string;
  userName: string;
  name: string;
}

let counter = 0;
/** Fresh Slack-shaped ids: `Ev…` event ids, `1234567890.000100` ts, trigger ids. */
export function freshIds(): { eventId: string; ts: string; triggerId: string; actionTs: string } {
  counter += 1;
  const seconds = Math.floor(Date.now() / 1000);
  const n = String(counter).padStart(6, '0');
  return { eventId: `Ev0C0NF${n}`, ts: `${seconds}.${n}`, triggerId: `${seconds}.${n}.c0nf0rm${n}`, actionTs: `${seconds}.${n}` };
}

export function person(name: string, team: string = IDS.team): SlackPerson {
  counter += 1;
  return { team, user: `U0C${String(counter).padStart(7, '0')}`, userName: name.toLowerCase().replace(/\s+/g, '.'), name };
}

export interface Conformance {
  bot: RunningBot;
  api: StandInSlackApi;
  mark(): number;
  post(body: string | Record<string, unknown>, options?: PostOptions): Promise<SlackAnswer>;
  register(who: SlackPerson, roles: Role[], organisation?: string): Promise<void>;
  command(who: SlackPerson, text: string, place?: Partial<CommandPlace>): Promise<{ from: number; responseUrl: string; triggerId: string }>;
  click(who: SlackPerson, button: ClickedButton, surface: ClickSurface): Promise<{ from: number; triggerId: string }>;
  /** A message shortcut used on a channel message (`message_action`). */
  shortcut(who: SlackPerson, message: Omit<ShortcutMessage, 'ts'> & { ts?: string }): Promise<{ from: number; triggerId: string; answer: SlackAnswer }>;
  /** The modal views.open opened with this trigger. */
  opened(triggerId: string, from: number): Promise<OpenedForm>;
  submit(who: SlackPerson, form: OpenedForm, answers: Readonly<Record<string, Answer>>): Promise<SlackAnswer>;
  stop(): Promise<void>;
}

export interface OpenedForm {
  viewId: string;
  view: ModalView;
  call: SlackApiCall;
}

export async function startConformance(env: Record<string, string> = {}): Promise<Conformance> {
  const api = await startStandInSlackApi();
  const bot = await startRunningBot(slackEnv(api.url, env));
  const mark = () => api.calls.length;
  const post = (body: string | Record<string, unknown>, options: PostOptions = {}) => postSlack(bot.url, typeof body === 'string' ? body : JSON.stringify(body), options);
  return {
    bot,
    api,
    mark,
    post,
    async register(who, roles, organisation = 'rmbc') {
      await registerSlackPerson(bot.store, { teamId: who.team, userId: who.user, name: who.name }, roles, organisation, api);
    },
    async command(who, text, place = {}) {
      const from = mark();
      const { triggerId } = freshIds();
      const responseUrl = api.responseUrl(`command-${from}`);
      const answer = await post(slashCommand(who, text, { responseUrl, triggerId, ...place }));
      expect(answer.status, `/forum ${text}`).to.equal(200);
      return { from, responseUrl: place.responseUrl ?? responseUrl, triggerId: place.triggerId ?? triggerId };
    },
    async click(who, button, surface) {
      const from = mark();
      const ids = freshIds();
      const answer = await post(blockActions(who, button, surface, ids));
      expect(answer.status, `click on ${button.text}`).to.equal(200);
      return { from, triggerId: ids.triggerId };
    },
    async shortcut(who, message) {
      const from = mark();
      const ids = freshIds();
      const answer = await post(messageAction(who, { ts: ids.ts, ...message }, ids, api.responseUrl(`shortcut-${from}`)));
      expect(answer.status, `shortcut ${message.callbackId}`).to.equal(200);
      return { from, triggerId: ids.triggerId, answer };
    },
    async opened(triggerId, from) {
      const call = await api.waitFor('views.open', (c) => c.args.trigger_id === triggerId, { from });
      return { call, viewId: String(Object(call.response?.view).id), view: call.args.view as ModalView };
    },
    submit(who, form, answers) {
      const ids = freshIds();
      return post(viewSubmission(who, form, answers, { triggerId: ids.triggerId, hash: `${ids.actionTs}.h4sh` }));
    },
    async stop() {
      await bot.stop();
      await api.close();
    },
  };
}
