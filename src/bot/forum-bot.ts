// The bot core: a Bot Framework ActivityHandler that both channels drive. It reads the turn's
// channel facts (set by the Teams middleware or the Slack adapter), works out who is talking, routes
// a command or a card action, and delivers the reply. No platform names appear below this line.
import { ActivityHandler, TurnContext, type Activity, type InvokeResponse } from 'botbuilder';
import { localDate } from '../domain/calendar.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../cards/render-card.ts';
import { parseCardAction } from './card-actions.ts';
import { parseCommand } from './commands/commands.ts';
import { welcome } from './handlers/help-handlers.ts';
import { conversationChanged } from './handlers/conversation-handlers.ts';
import { identifyPerson } from './people/identify-person.ts';
import { isBotEvent, routeCardAction, routeCommand, routeEvent } from './routes.ts';
import { replyActivity } from './reply-activity.ts';
import { dialogAnswer, dialogPayload, dialogPhase, type DialogPhase } from './dialogs.ts';
import { replyForError } from './reply-for-error.ts';
import { answerLink, answerSearch, searchKind, type SearchKind } from './milestone-search.ts';
import { fetchTaskAction, messageExtensionAnswer, messageExtensionPhase, type MessageExtensionPhase } from './message-extensions.ts';
import { storeCountingCommits } from './turn-store.ts';
import { TURN_CHANNEL, textReply, type BotDeps, type Reply, type Turn, type TurnChannel } from './turn.ts';

/** Commands are short; anything longer is almost certainly pasted by mistake. */
export const MAX_COMMAND_LENGTH = 2000;

export class ForumBot extends ActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.answerMessage(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      const change = (context.turnState.get(TURN_CHANNEL) as TurnChannel | undefined)?.conversationChange;
      if (change) {
        const turn = await this.turnFor(context);
        try {
          await conversationChanged(turn, change);
        } catch (error) {
          // Teams is answered 200 either way; the subscriptions keep their old state and the log says why.
          turn.deps.logger.error({ err: error, change: change.kind }, 'could not apply a conversation change to the subscriptions');
        }
      }
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id);
      if (botAdded) await this.deliver(context, welcome(await this.turnFor(context)));
      await next();
    });
    this.onEvent(async (context, next) => {
      await this.answerEvent(context);
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const phase = dialogPhase(context.activity.name);
    if (phase) return { status: 200, body: await this.answerDialog(context, phase) };
    const search = searchKind(context.activity.name);
    if (search) return { status: 200, body: await this.answerSearch(context, search) };
    const extension = messageExtensionPhase(context.activity.name);
    if (extension) return { status: 200, body: await this.answerMessageExtension(context, extension) };
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const turn = await this.turnFor(context);
    const reply = await this.safely(turn, context, async () => {
      const parsed = parseCardAction(cardActionPayload(context.activity.value));
      if (!parsed.ok) return textReply(parsed.problem);
      turn.deps.logger.info({ verb: parsed.action.verb }, 'card action');
      return routeCardAction(turn, parsed.action);
    });
    return { status: 200, body: await this.invokeBody(context, reply) };
  }

  /** A form in a dialog: opened (`task/fetch`) or submitted (`task/submit`), through the card-action routes. */
  private async answerDialog(context: TurnContext, phase: DialogPhase): Promise<object> {
    const turn = await this.turnFor(context);
    const reply = await this.safely(turn, context, async () => {
      const parsed = parseCardAction(dialogPayload(context.activity.value));
      if (!parsed.ok) return textReply(parsed.problem);
      turn.deps.logger.info({ verb: parsed.action.verb, dialog: phase }, 'card action');
      return routeCardAction(turn, parsed.action);
    });
    // A change everyone should see (a saved milestone) is posted to the conversation as the dialog closes.
    if (phase === 'submit' && reply.kind === 'card' && reply.replace === 'all') {
      try {
        const posted = await context.sendActivity(replyActivity(reply));
        this.rememberPosted(context, turn, reply, posted?.id);
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'could not post the saved change to the conversation');
      }
    }
    return dialogAnswer(reply, phase);
  }

  /**
   * A message action (`composeExtension/fetchTask`) and its dialog's buttons (`submitAction`),
   * through the card-action routes like any dialog. Whatever happens is shown in the dialog only:
   * nothing is posted to the conversation the message was in.
   */
  private async answerMessageExtension(context: TurnContext, phase: MessageExtensionPhase): Promise<object> {
    const turn = await this.turnFor(context);
    const reply = await this.safely(turn, context, async () => {
      const payload = phase === 'fetch' ? fetchTaskAction(context.activity.value) : dialogPayload(context.activity.value);
      if (payload === undefined) return textReply('That is not one of my message actions (perhaps from an older version of the app).');
      const parsed = parseCardAction(payload);
      if (!parsed.ok) return textReply(parsed.problem);
      turn.deps.logger.info({ verb: parsed.action.verb, messageExtension: phase }, 'card action');
      return routeCardAction(turn, parsed.action);
    });
    return messageExtensionAnswer(reply);
  }

  /** A milestone search or a pasted milestone link; a failure finds nothing rather than an error in the compose box. */
  private async answerSearch(context: TurnContext, kind: SearchKind): Promise<object> {
    const turn = await this.turnFor(context);
    try {
      return kind === 'query' ? answerSearch(turn, context.activity.value) : answerLink(turn, context.activity.value);
    } catch (error) {
      turn.deps.logger.error({ err: error, kind }, 'a milestone search failed');
      return { composeExtension: { type: 'message', text: 'Sorry, the search failed on my side. Try again.' } };
    }
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    const turn = await this.turnFor(context);
    const reply = await this.safely(turn, context, async () => {
      // Action.Submit (older clients) arrives as a message carrying the card's data.
      if (context.activity.value !== undefined && context.activity.value !== null) {
        const parsed = parseCardAction(context.activity.value);
        return parsed.ok ? routeCardAction(turn, parsed.action) : textReply(parsed.problem);
      }
      const text = commandText(context.activity);
      if (text.length > MAX_COMMAND_LENGTH) {
        return textReply(`That message is ${text.length.toLocaleString('en-GB')} characters long, too long for a command (${MAX_COMMAND_LENGTH.toLocaleString('en-GB')} at most). Type \`help\` to see what I can do.`);
      }
      const command = parseCommand(text);
      turn.deps.logger.info({ command: command.kind }, 'command');
      return routeCommand(turn, command);
    });
    await this.deliver(context, reply, turn);
  }

  /** A channel's request by event (e.g. the Home view); events the bot has no route for pass by. */
  private async answerEvent(context: TurnContext): Promise<void> {
    const name = context.activity.name;
    if (!isBotEvent(name)) return;
    const turn = await this.turnFor(context);
    await this.deliver(context, await this.safely(turn, context, async () => routeEvent(turn, name)));
  }

  private async turnFor(context: TurnContext): Promise<Turn> {
    const channel = context.turnState.get(TURN_CHANNEL) as TurnChannel | undefined;
    if (!channel) throw new Error('No channel facts on this turn: the channel middleware did not run.');
    const name = context.activity.from?.name?.trim();
    const displayName = name || 'Someone';
    const now = this.deps.now();
    const logger = this.deps.logger.child({ turn: context.activity.id, via: channel.via, conversation: channel.conversation });
    // A bootstrap admin is recorded on the first turn that carries their name (an install event
    // has none), so the audit trail never says "Someone".
    const person = await identifyPerson(this.deps.store, channel, displayName, name ? this.deps.admins : []);
    // A 1:1 chat is how the bot reaches the person privately later (alerts, nudges).
    if (person && channel.conversation === 'personal' && context.activity.conversation?.id) {
      await this.deps.directMessages.remember(person, channel.via, TurnContext.getConversationReference(context.activity));
      // Now they can be reached: what was kept for them (an alert, a notice) goes before the answer.
      await this.deps.outbox.deliverWaitingFor(person.id);
    }
    const commits = { count: 0 };
    return {
      deps: { ...this.deps, logger, store: storeCountingCommits(this.deps.store, commits) },
      commits,
      channel,
      displayName: person?.displayName ?? displayName,
      ...(person ? { person } : {}),
      conversation: channel.conversation,
      now,
      today: localDate(now, this.deps.timeZone),
    };
  }

  /** One place turns an error into a short answer; the detail goes to the log only. */
  private async safely(turn: Turn, context: TurnContext, work: () => Promise<Reply>): Promise<Reply> {
    try {
      return await work();
    } catch (error) {
      return replyForError(error, turn.deps.logger, context.activity.id, turn.commits.count);
    }
  }

  private async deliver(context: TurnContext, reply: Reply, turn?: Turn): Promise<void> {
    const posted = await context.sendActivity(replyActivity(reply));
    if (turn) this.rememberPosted(context, turn, reply, posted?.id);
  }

  /** A milestone's card posted for everyone in a shared conversation is kept current (posted-cards.ts). */
  private rememberPosted(context: TurnContext, turn: Turn, reply: Reply, messageId: string | undefined): void {
    if (reply.kind !== 'card' || !reply.milestoneId || reply.forThePerson || turn.conversation === 'personal' || turn.channel.privateReplies || !messageId) return;
    this.deps.postedCards?.remember({ milestoneId: reply.milestoneId, via: turn.channel.via, reference: TurnContext.getConversationReference(context.activity), messageId });
  }

  /** Every turn; then the milestone cards posted in conversations catch up with what it changed. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    // Not awaited: the person's answer does not wait for other conversations' cards.
    void this.deps.postedCards?.catchUp();
  }

  /** The invoke answer replaces the clicked card; a change everyone should see also updates the message. */
  private async invokeBody(context: TurnContext, reply: Reply): Promise<object> {
    if (reply.kind === 'text') return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply.text };
    if (reply.replace === 'all' && context.activity.replyToId) {
      try {
        await context.updateActivity({ ...replyActivity(reply), id: context.activity.replyToId });
        // The card changed for everyone, the clicker included: they are told what they did.
        if (reply.toClicker) return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply.toClicker };
      } catch (error) {
        // The clicker still gets the new card from the invoke answer; others see it on their next refresh.
        this.deps.logger.warn({ err: error }, 'could not update the card for everyone');
      }
    }
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: reply.card };
  }
}

/** The command text without the @mention of the bot (Teams `<at>` tags, entities). */
function commandText(activity: Activity): string {
  const withoutMention = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return withoutMention.replace(/<at>[^<]*<\/at>/gi, ' ').trim();
}

/** An Action.Execute invoke carries `{ action: { verb, data } }`; the bot reads `{ verb, ...data }`. */
function cardActionPayload(value: unknown): unknown {
  if (!value || typeof value !== 'object' || !('action' in value)) return value;
  const action: unknown = value.action;
  if (!action || typeof action !== 'object') return undefined;
  const verb = 'verb' in action ? action.verb : undefined;
  const data = 'data' in action && action.data && typeof action.data === 'object' ? action.data : {};
  return { ...data, verb };
}
