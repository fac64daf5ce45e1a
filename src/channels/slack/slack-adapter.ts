// The Slack channel as a Bot Framework adapter: the same ForumBot runs on Slack turns. Incoming
// Slack requests arrive already mapped to Activities (slack-activities.ts); this class runs the
// turn, and turns what the bot sends (messages, updates, deletes, invoke responses) into Slack
// Web API calls (slack-delivery.ts, slack-invoke-answer.ts).
import {
  ActivityTypes,
  BotAdapter,
  INVOKE_RESPONSE_KEY,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { isForThePerson } from '../../bot/reply-activity.ts';
import { TURN_CHANNEL } from '../../bot/turn.ts';
import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/render-card.ts';
import { adaptiveCardSchema } from './card-reading.ts';
import { renderCardMessage, validateModalValues } from './card-rendering.ts';
import { encodeOpenForm } from './slack-form-values.ts';
import { kindOfChannel, parseConversationId, type SlackInbound, type SlackTurnFacts } from './slack-activities.ts';
import { outgoingOf, replaceOrigin, sendToTarget, type Delivery, type SlackTurn } from './slack-delivery.ts';
import { answerClick, answerSubmission, readInvokeAnswer, type ViewAck } from './slack-invoke-answer.ts';

export interface InboundResult {
  /** For a modal submission: what to acknowledge it with (undefined closes the modal). */
  ack?: ViewAck;
  /** With `rawInvoke`: the body of the bot's invoke answer. */
  invoke?: unknown;
  /** A shared link's unfurl, as blocks, for the channel to send with the event's other links (one chat.unfurl). */
  unfurled?: { url: string; blocks: unknown[] };
  /** Work to do once Slack has its acknowledgement. */
  afterAck(): Promise<void>;
}

const nothingAfter = async (): Promise<void> => undefined;

export class SlackAdapter extends BotAdapter {
  /** Keyed by turnState, which every copy of a TurnContext shares. */
  private readonly turns = new WeakMap<object, SlackTurn>();

  constructor(private readonly delivery: Delivery) {
    super();
  }

  /** Runs one Slack request through the middleware and the bot, and carries out its answer. */
  async processInbound(inbound: SlackInbound, logic: (context: TurnContext) => Promise<void>): Promise<InboundResult> {
    const { submission } = inbound.facts;
    if (submission) {
      // The card's own checks (required, length, dates) answer beside the inputs without a turn.
      const card = this.delivery.forms.card(submission.viewId);
      const errors = card ? validateModalValues(card, submission.data) : {};
      if (Object.keys(errors).length > 0) return { ack: { response_action: 'errors', errors }, afterAck: nothingAfter };
    }
    const turn: SlackTurn = { facts: inbound.facts, updated: new Set(), triggerUsed: false, afterAck: [] };
    const context = this.contextFor(inbound.activity, inbound.channel, turn);
    await this.runMiddleware(context, logic);
    const afterAck = () => runInOrder(turn.afterAck);
    if (inbound.activity.type !== ActivityTypes.Invoke) return { afterAck };
    const response: unknown = context.turnState.get(INVOKE_RESPONSE_KEY);
    if (inbound.facts.rawInvoke) {
      const body = response && typeof response === 'object' && 'value' in response && response.value && typeof response.value === 'object' && 'body' in response.value ? response.value.body : undefined;
      return { afterAck, invoke: body };
    }
    if (inbound.facts.unfurl) {
      const blocks = unfurlBlocks(response);
      return blocks ? { afterAck, unfurled: { url: inbound.facts.unfurl.url, blocks } } : { afterAck };
    }
    const answer = readInvokeAnswer(response && typeof response === 'object' && 'value' in response ? response.value : undefined);
    if (!submission) {
      await answerClick(this.delivery, turn, answer);
      return { afterAck };
    }
    const ack = answerSubmission(this.delivery, turn, answer);
    return ack ? { ack, afterAck } : { afterAck };
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const turn = this.turnOf(context);
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === ActivityTypes.InvokeResponse) {
        context.turnState.set(INVOKE_RESPONSE_KEY, activity);
        responses.push({ id: '' });
        continue;
      }
      const out = activity.type === ActivityTypes.Message ? outgoingOf(activity) : undefined;
      if (!out) {
        responses.push({ id: '' });
        continue;
      }
      const options = { forThePerson: isForThePerson(activity) };
      if (turn.facts.submission) {
        turn.afterAck.push(async () => void (await sendToTarget(this.delivery, turn, out, options)));
        responses.push({ id: '' });
        continue;
      }
      responses.push({ id: (await sendToTarget(this.delivery, turn, out, options)) ?? '' });
    }
    return responses;
  }

  /** `activity.id` is the message's ts; it is replaced in the turn's channel. */
  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<void> {
    const turn = this.turnOf(context);
    const out = outgoingOf(activity);
    const ts = activity.id;
    if (!out || !ts) return;
    const work = () => replaceOrigin(this.delivery, turn, out, ts);
    if (turn.facts.submission) turn.afterAck.push(work);
    else await work();
  }

  override async deleteActivity(context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    const target = this.turnOf(context).facts.target;
    const channel = 'channel' in target ? target.channel : parseConversationId(reference.conversation?.id)?.channel;
    if (!channel || !reference.activityId) throw new Error('Cannot delete a Slack message without its channel and ts.');
    await this.delivery.web.delete(channel, reference.activityId);
  }

  /** Proactive sends (reminders): the reference's conversation id is `team:channel[:thread]`. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const place = parseConversationId(reference.conversation?.id);
    if (!place) throw new Error(`Not a Slack conversation reference: ${reference.conversation?.id ?? '(none)'}`);
    const facts: SlackTurnFacts = {
      team: place.team,
      user: reference.user?.id ?? '',
      target: { kind: 'conversation', channel: place.channel, personal: kindOfChannel(place.channel) === 'personal', ...(place.threadTs ? { threadTs: place.threadTs } : {}) },
    };
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    const context = this.contextFor(activity, { via: 'slack', conversation: kindOfChannel(place.channel) }, { facts, updated: new Set(), triggerUsed: false, afterAck: [] });
    await this.runMiddleware(context, logic);
  }

  private contextFor(activity: Partial<Activity>, channel: SlackInbound['channel'], turn: SlackTurn): TurnContext {
    const context = new TurnContext(this, activity);
    context.turnState.set(TURN_CHANNEL, channel);
    this.turns.set(context.turnState, turn);
    return context;
  }

  private turnOf(context: TurnContext): SlackTurn {
    const turn = this.turns.get(context.turnState);
    if (!turn) throw new Error('This TurnContext was not created by the Slack adapter.');
    return turn;
  }
}

async function runInOrder(work: (() => Promise<void>)[]): Promise<void> {
  for (const step of work) await step();
}

/**
 * A shared link shown as the card the bot answered with (the first attachment of its
 * composeExtension result), without buttons: they would act on someone else's message. No card,
 * no unfurl: Slack shows the link as it is.
 */
function unfurlBlocks(response: unknown): unknown[] | undefined {
  const card = unfurlCard(response);
  return card ? renderCardMessage({ ...card, actions: [] }, encodeOpenForm({ text: 'help' })).blocks : undefined;
}

const unfurlAnswer = z.object({ body: z.object({ composeExtension: z.object({ attachments: z.array(z.object({ content: z.unknown() })).optional() }) }) });

function unfurlCard(response: unknown): AdaptiveCard | undefined {
  const value = response && typeof response === 'object' && 'value' in response ? response.value : undefined;
  const parsed = unfurlAnswer.safeParse(value);
  const card = adaptiveCardSchema.safeParse(parsed.success ? parsed.data.body.composeExtension.attachments?.[0]?.content : undefined);
  return card.success ? card.data : undefined;
}
