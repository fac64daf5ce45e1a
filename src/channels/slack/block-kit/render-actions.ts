// Card actions as Slack buttons. A button's `value` says what Teams would have sent: the verb and
// data of an Action.Execute / Action.Submit, or where an Action.ShowCard's sub-card sits so the
// adapter can open it as a modal. Link buttons open their URL. A button Slack would refuse (value
// over 2,000 characters, URL over 3,000) is left out with a visible note, never sent broken.
import { NO_MENTIONS, type Mentions } from './mrkdwn.ts';
import { z } from 'zod';
import type { AdaptiveCard } from '../../../cards/render-card.ts';
import type { ButtonElement } from './block-kit-types.ts';
import { SLACK_LIMITS, truncate } from './block-kit-limits.ts';
import { readAction, type CardAction, type CardInput, type Located } from './card-elements.ts';
import { notePiece, type Piece } from './pieces.ts';

/** What a rendered button's `value` carries (JSON); `parseButtonValue` reads it back. */
export type ButtonValue =
  | { kind: 'execute'; verb: string; data: unknown }
  | { kind: 'submit'; data: unknown }
  | { kind: 'showCard'; path: string };

export const buttonValueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('execute'), verb: z.string(), data: z.unknown() }),
  z.object({ kind: z.literal('submit'), data: z.unknown() }),
  z.object({ kind: z.literal('showCard'), path: z.string().regex(/^(\/[\w$-]+)+$/) }),
]);

/** Prefix of every button's action_id (`ac:0`, `ac:1`, ...): unique within one message or modal. */
export const ACTION_ID_PREFIX = 'ac:';
/** The action_id of the button that reopens a form from a message. */
export const OPEN_FORM_ACTION_ID = 'ac:form';

/** Shared by the renderers of one surface: hands out unique action_ids and renders inputs (modals only). */
export interface RenderContext {
  surface: 'message' | 'modal';
  /** The card's mentions (`<at>Name</at>` to a Slack user id), written as `<@U…>`. */
  mentions: Mentions;
  nextActionId(): string;
  input(input: CardInput): Piece[];
}

export function createContext(surface: RenderContext['surface'], input: RenderContext['input'] = () => [], mentions: Mentions = NO_MENTIONS): RenderContext {
  let next = 0;
  return { surface, input, mentions, nextActionId: () => `${ACTION_ID_PREFIX}${next++}` };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // Not JSON: the caller treats it as not ours.
  }
}

/** A button value from a `block_actions` payload, or undefined when it is not one of this renderer's. */
export function parseButtonValue(value: string | undefined): ButtonValue | undefined {
  if (value === undefined) return undefined;
  const parsed = buttonValueSchema.safeParse(parseJson(value));
  return parsed.success ? parsed.data : undefined;
}

/** What pressing a submit-like action sends, in the shape a Teams card action carries. */
export function submitValue(action: CardAction): ButtonValue | undefined {
  if (action.type === 'Action.Execute') return { kind: 'execute', verb: action.verb ?? '', data: action.data ?? {} };
  if (action.type === 'Action.Submit') return { kind: 'submit', data: action.data ?? {} };
  return undefined;
}

const STYLES: Record<string, ButtonElement['style']> = { positive: 'primary', destructive: 'danger' };
const SAFE_URL = /^(https?:\/\/|mailto:)\S+$/i;

export function button(context: RenderContext, title: string, extra: { value?: string; url?: string; style?: string | undefined }): ButtonElement {
  const element: ButtonElement = { type: 'button', text: { type: 'plain_text', text: truncate(title.trim() || 'Open', SLACK_LIMITS.buttonText), emoji: true }, action_id: context.nextActionId() };
  if (extra.value !== undefined) element.value = extra.value;
  if (extra.url !== undefined) element.url = extra.url;
  const style = STYLES[extra.style?.toLowerCase() ?? ''];
  if (style) element.style = style;
  return element;
}

/** One card action as a button, or a note saying why it is not in Slack. */
export function renderAction(context: RenderContext, { item: action, path }: Located<CardAction>): Piece[] {
  const title = action.title.trim();
  switch (action.type) {
    case 'Action.Execute':
    case 'Action.Submit':
    case 'Action.ShowCard': {
      const value = JSON.stringify(action.type === 'Action.ShowCard' ? ({ kind: 'showCard', path } satisfies ButtonValue) : submitValue(action));
      if (value.length > SLACK_LIMITS.buttonValue) return [notePiece(`The “${title || 'Submit'}” button is not shown: it carries more than a Slack button can. Ask me again with a narrower command.`)];
      return [{ kind: 'button', button: button(context, title || 'Submit', { value, style: action.style }) }];
    }
    case 'Action.OpenUrl':
      if (!SAFE_URL.test(action.url) || action.url.length > SLACK_LIMITS.url) return [notePiece(`The “${title || 'link'}” link cannot be shown in Slack.`)];
      return [{ kind: 'button', button: button(context, title || 'Open link', { url: action.url, style: action.style }) }];
    case 'Unsupported':
      return [notePiece(`[unsupported action${action.title ? `: ${action.title}` : ''}] (${action.typeName} does not work in Slack)`)];
  }
}

function child(node: unknown, key: string): unknown {
  if (Array.isArray(node)) return /^\d+$/.test(key) ? node[Number(key)] : undefined;
  return typeof node === 'object' && node !== null && Object.hasOwn(node, key) ? Reflect.get(node, key) : undefined;
}

/**
 * The sub-card of the Action.ShowCard a button points to (its `showCard` path), as a card of its
 * own that `renderModal` can show; undefined if the card no longer has one there.
 */
export function findShowCard(card: AdaptiveCard, path: string): AdaptiveCard | undefined {
  const node = path.split('/').slice(1).reduce<unknown>(child, card);
  const action = readAction(node);
  if (action?.type !== 'Action.ShowCard') return undefined;
  return { type: 'AdaptiveCard', version: card.version, body: action.card.body, actions: action.card.actions };
}
