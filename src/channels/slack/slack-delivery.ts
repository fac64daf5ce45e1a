// Delivering what the bot says to the right place in Slack. A reply goes where the turn came from
// (the DM, the channel or thread, the person who ran the slash command, the Home tab); a form goes
// to one person: as a modal when Slack gave a trigger, otherwise as a message with "Open form".
import type { Activity } from 'botbuilder';
import type { Logger } from 'pino';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../../cards/render-card.ts';
import { formTitle } from '../../cards/form-titles.ts';
import { adaptiveCardSchema, hasInputs } from './card-reading.ts';
import { renderCardMessage, renderCardModal } from './card-rendering.ts';
import { FORM_CALLBACK_ID, type SlackTurnFacts } from './slack-activities.ts';
import { encodeOpenForm, formContext, type FormOrigin } from './slack-form-values.ts';
import type { FormCache, ResponseUrls } from './slack-caches.ts';
import type { FormSeal } from './slack-form-seal.ts';
import { clip, markdownToMrkdwn } from './slack-text.ts';
import type { HomeView, SlackMessageBody, SlackWeb } from './slack-web.ts';

/** What the bot asked to show: text (Markdown) or an Adaptive Card with its one-line summary. */
export type Outgoing = { kind: 'text'; text: string } | { kind: 'card'; card: AdaptiveCard; summary: string };

/** The per-turn state of delivery: which messages were replaced, whether the trigger was used. */
export interface SlackTurn {
  facts: SlackTurnFacts;
  updated: Set<string>;
  triggerUsed: boolean;
  /** Work that waits until Slack has its answer to a modal submission (it allows 3 seconds). */
  afterAck: (() => Promise<void>)[];
}

export interface Delivery {
  web: SlackWeb;
  forms: FormCache;
  /** What Slack still allows on each response_url (5 uses, 30 minutes). */
  responseUrls: ResponseUrls;
  /** Signs each modal's private_metadata for the person it opens for. */
  seal: FormSeal;
  logger: Logger;
}

export function outgoingOf(activity: Partial<Activity>): Outgoing | undefined {
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== ADAPTIVE_CARD_CONTENT_TYPE) continue;
    const card = adaptiveCardSchema.safeParse(attachment.content);
    if (card.success) return { kind: 'card', card: card.data, summary: activity.summary ?? '' };
  }
  return activity.text ? { kind: 'text', text: activity.text } : undefined;
}

export function messageBody(turn: SlackTurn, out: Outgoing): SlackMessageBody {
  if (out.kind === 'text') return { text: markdownToMrkdwn(out.text) };
  // The button re-runs what produced the form; clicking it gives a trigger, so it opens as a modal.
  const rendered = renderCardMessage(out.card, encodeOpenForm(turn.facts.rerun ?? { text: 'help' }), out.summary);
  return { text: rendered.text, blocks: rendered.blocks };
}

function homeView(body: SlackMessageBody): HomeView {
  return { type: 'home', blocks: body.blocks ?? [{ type: 'section', text: { type: 'mrkdwn', text: clip(body.text, 3000) } }] };
}

/** Where a form opened now should send its answer. */
function originOf(turn: SlackTurn): FormOrigin {
  const target = turn.facts.target;
  return target.kind === 'modal' ? { kind: 'person' } : target;
}

/** Opens a card as a modal (a form, or what a Home tab button shows); false when the turn has no (unused) trigger or Slack refused. */
export async function openForm(d: Delivery, turn: SlackTurn, card: AdaptiveCard): Promise<boolean> {
  const trigger = turn.facts.triggerId;
  if (!trigger || turn.triggerUsed) return false;
  turn.triggerUsed = true;
  try {
    const view = renderCardModal(card, { callbackId: FORM_CALLBACK_ID, title: formTitle(card), context: formContext(originOf(turn)), seal: d.seal.sealFor(turn.facts.user) });
    const target = turn.facts.target;
    // A button inside a modal (Update in a milestone's details): Slack opens no second modal from
    // a modal's trigger with views.open, so the form takes the modal's place.
    if (target.kind === 'modal') {
      await d.web.updateModal(target.viewId, view);
      d.forms.remember(target.viewId, card);
      return true;
    }
    const viewId = await d.web.openModal(trigger, view);
    if (viewId) d.forms.remember(viewId, card);
    return true;
  } catch (error) {
    // Usually an expired trigger (3 seconds), or a form too big for a modal: the form is then
    // posted with its "Open form" button.
    d.logger.warn({ err: error }, 'could not open the form as a modal');
    return false;
  }
}

/**
 * A new message where the turn came from. In a shared conversation, a form and a reply about the
 * person who asked (`forThePerson`: whoami, their milestones) go to that person only (ephemeral).
 */
export async function sendToTarget(d: Delivery, turn: SlackTurn, out: Outgoing, options: { forThePerson?: boolean } = {}): Promise<string | undefined> {
  const isForm = out.kind === 'card' && hasInputs(out.card);
  const forOnePerson = isForm || options.forThePerson === true;
  if (isForm && out.kind === 'card' && (await openForm(d, turn, out.card))) return undefined;
  const body = messageBody(turn, out);
  const { target, user } = turn.facts;
  switch (target.kind) {
    case 'conversation':
      if (forOnePerson && !target.personal) {
        await d.web.postEphemeral(target.channel, user, body, target.threadTs);
        return undefined;
      }
      return d.web.postMessage(target.channel, body, target.threadTs);
    case 'command':
      await respondOr(d, target.responseUrl, { ...body, response_type: 'ephemeral', replace_original: false }, () => d.web.postEphemeral(target.channel, user, body));
      return undefined;
    case 'message':
      await toClicker(d, turn, body);
      return undefined;
    case 'home':
      // A click on the Home tab (it has a trigger): what it shows opens over the Home, so closing it goes back.
      if (out.kind === 'card' && (await openForm(d, turn, out.card))) return undefined;
      await d.web.publishHome(user, homeView(body));
      return undefined;
    case 'modal':
    case 'person':
      return d.web.postMessage(user, body);
  }
}

/** Something for the person who clicked only: ephemeral next to the message, or in their DM. */
export async function toClicker(d: Delivery, turn: SlackTurn, body: SlackMessageBody): Promise<void> {
  const { target, user } = turn.facts;
  if (target.kind === 'message' || target.kind === 'conversation' || target.kind === 'command') {
    const channel = target.channel;
    const thread = target.kind === 'command' ? undefined : target.threadTs;
    const responseUrl = target.kind === 'conversation' ? undefined : target.responseUrl;
    const post = () => d.web.postEphemeral(channel, user, body, thread);
    if (responseUrl) await respondOr(d, responseUrl, { ...body, response_type: 'ephemeral', replace_original: false }, post);
    else await post();
    return;
  }
  await d.web.postMessage(user, body);
}

/** Replaces the message (or Home tab) the turn came from; a slash command's answer is a new ephemeral one. */
export async function replaceOrigin(d: Delivery, turn: SlackTurn, out: Outgoing, ts?: string): Promise<void> {
  const body = messageBody(turn, out);
  const { target, user } = turn.facts;
  switch (target.kind) {
    case 'message': {
      const messageTs = ts ?? target.ts;
      if (turn.updated.has(messageTs)) return;
      turn.updated.add(messageTs);
      if (!target.ephemeral || messageTs !== target.ts) {
        await d.web.update(target.channel, messageTs, body);
        return;
      }
      // Only the person sees an ephemeral message, and only its response_url can replace it.
      const again = () => d.web.postEphemeral(target.channel, user, body, target.threadTs);
      if (target.responseUrl) await respondOr(d, target.responseUrl, { ...body, replace_original: true }, again);
      else await again();
      return;
    }
    case 'conversation':
      if (ts) await d.web.update(target.channel, ts, body);
      else await d.web.postMessage(target.channel, body, target.threadTs);
      return;
    case 'home':
      if (out.kind === 'card' && (await openForm(d, turn, out.card))) return;
      await d.web.publishHome(user, homeView(body));
      return;
    default:
      await sendToTarget(d, turn, out);
  }
}

/** A response_url expires (30 minutes, 5 uses) or is refused: then the fallback delivers it another way. */
async function respondOr(d: Delivery, url: string, body: Parameters<SlackWeb['respond']>[1], fallback: () => Promise<unknown>): Promise<void> {
  if (!d.responseUrls.take(url)) {
    d.logger.info('response_url used up or expired; delivering the answer another way');
    await fallback();
    return;
  }
  try {
    await d.web.respond(url, body);
  } catch (error) {
    d.logger.warn({ err: error }, 'response_url refused the answer; delivering it another way');
    await fallback();
  }
}
