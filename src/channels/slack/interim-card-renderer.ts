// A stop-gap Adaptive Card -> Block Kit renderer, used only until the real one lands in
// ./block-kit/ (card-rendering.ts is the one file to switch). It covers what the forum's cards use:
// text, rich text, containers, column sets, fact sets, Action.Execute buttons and the four inputs.
import type { types as slack } from '@slack/bolt';
import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/render-card.ts';
import { cardInputs, submitAction, type CardInput } from './card-reading.ts';
import { clip, escapeSlackText } from './slack-text.ts';

const MAX_BLOCKS = 50;
const node = z.object({ type: z.string() }).passthrough();
type Node = z.infer<typeof node>;
const nodes = (value: unknown): Node[] => (Array.isArray(value) ? value.flatMap((v) => { const n = node.safeParse(v); return n.success ? [n.data] : []; }) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const plain = (text: string, max: number): slack.PlainTextElement => ({ type: 'plain_text', text: clip(text || ' ', max) });

/** A TextBlock's Markdown in mrkdwn: escaped, `**bold**` as `*bold*`. */
function mrkdwn(text: string, bold = false): string {
  const converted = escapeSlackText(text).replace(/\*\*([^*\n]+)\*\*/g, '*$1*');
  return bold && converted.trim() ? `*${converted.trim()}*` : converted;
}

function richText(el: Node): string {
  return nodes(el.inlines)
    .map((run) => {
      const t = escapeSlackText(str(run.text));
      if (!t.trim()) return t;
      if (run.weight === 'Bolder') return `*${t.trim()}*${t.endsWith(' ') ? ' ' : ''}`;
      return run.italic === true ? `_${t.trim()}_` : t;
    })
    .join('');
}

/** What the message renderer collects: lines of text that become one section, then buttons. */
class Blocks {
  readonly blocks: slack.KnownBlock[] = [];
  readonly lines: string[] = [];
  private lineBuffer: string[] = [];
  private buttonCount = 0;

  line(text: string, subtle = false): void {
    if (!text.trim()) return;
    this.lines.push(text);
    this.lineBuffer.push(subtle ? `_${text.trim()}_` : text);
  }

  flush(): void {
    if (this.lineBuffer.length === 0) return;
    this.blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(this.lineBuffer.join('\n'), 3000) } });
    this.lineBuffer = [];
  }

  buttons(actions: Node[]): void {
    const elements: slack.Button[] = [];
    for (const a of actions) {
      const title = str(a.title) || 'Open';
      this.buttonCount += 1;
      if (a.type === 'Action.Execute' && str(a.verb)) {
        const value = JSON.stringify({ kind: 'execute', verb: a.verb, data: a.data && typeof a.data === 'object' ? a.data : {} });
        if (value.length <= 2000) elements.push({ type: 'button', action_id: `execute-${this.buttonCount}`, text: plain(title, 75), value, ...(a.style === 'positive' ? { style: 'primary' as const } : {}) });
      } else if (a.type === 'Action.OpenUrl' && str(a.url)) {
        elements.push({ type: 'button', action_id: `url-${this.buttonCount}`, text: plain(title, 75), url: str(a.url) });
      }
    }
    if (elements.length === 0) return;
    this.flush();
    this.blocks.push({ type: 'actions', elements: elements.slice(0, 25) });
  }

  raw(block: slack.KnownBlock): void {
    this.flush();
    this.blocks.push(block);
  }
}

function renderElements(elements: Node[], out: Blocks, inputBlock?: (input: CardInput) => slack.InputBlock | undefined): void {
  for (const el of elements) {
    if (el.isVisible === false) continue;
    if (el.separator === true) out.flush();
    switch (el.type) {
      case 'TextBlock':
        out.line(mrkdwn(str(el.text), el.weight === 'Bolder' || el.size === 'Large'), el.isSubtle === true);
        break;
      case 'RichTextBlock':
        out.line(richText(el));
        break;
      case 'FactSet':
        for (const fact of nodes(el.facts)) out.line(`*${escapeSlackText(str(fact.title))}* ${escapeSlackText(str(fact.value))}`);
        break;
      case 'Container':
        out.flush();
        renderElements(nodes(el.items), out, inputBlock);
        out.flush();
        break;
      case 'ColumnSet': {
        const parts = nodes(el.columns).map((column) => {
          const inner = new Blocks();
          renderElements(nodes(column.items), inner);
          return inner.lines.join(' ');
        });
        out.line(parts.filter(Boolean).join('  ·  '));
        break;
      }
      case 'ActionSet':
        out.buttons(nodes(el.actions));
        break;
      default:
        if (el.type.startsWith('Input.') && inputBlock) {
          const input = cardInputs({ type: 'AdaptiveCard', version: '1.5', body: [el] })[0];
          const block = input ? inputBlock(input) : undefined;
          if (block) out.raw(block);
        }
    }
  }
}

function limited(blocks: slack.KnownBlock[]): slack.KnownBlock[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  const last = blocks.at(-1);
  return last?.type === 'actions' ? [...blocks.slice(0, MAX_BLOCKS - 1), last] : blocks.slice(0, MAX_BLOCKS);
}

export function renderMessage(card: AdaptiveCard, options: { openFormValue: string }): { text: string; blocks: slack.KnownBlock[] } {
  const out = new Blocks();
  renderElements(nodes(card.body), out);
  const withInputs = cardInputs(card).length > 0;
  // A message cannot hold a form: its submit buttons give way to one that opens it as a modal.
  const actions = nodes(card.actions).filter((a) => !withInputs || str(a.associatedInputs).toLowerCase() === 'none');
  if (withInputs) out.raw({ type: 'actions', elements: [{ type: 'button', action_id: 'open-form', text: plain('Open form', 75), style: 'primary', value: options.openFormValue }] });
  out.buttons(actions);
  out.flush();
  return { text: clip(out.lines.join('\n').replace(/[*_]/g, ''), 3000) || 'Card', blocks: limited(out.blocks) };
}

function inputBlock(input: CardInput): slack.InputBlock | undefined {
  const value = str(input.value);
  const base = { type: 'input' as const, block_id: input.id, label: plain(input.label ?? input.id, 2000), optional: input.isRequired !== true };
  const placeholder = str(input.placeholder) ? { placeholder: plain(str(input.placeholder), 150) } : {};
  switch (input.type) {
    case 'Input.Text': {
      const max = typeof input.maxLength === 'number' && input.maxLength > 0 ? { max_length: Math.min(input.maxLength, 3000) } : {};
      return { ...base, element: { type: 'plain_text_input', action_id: input.id, multiline: input.isMultiline === true, ...max, ...placeholder, ...(value ? { initial_value: value } : {}) } };
    }
    case 'Input.Date':
      return { ...base, element: { type: 'datepicker', action_id: input.id, ...(/^\d{4}-\d{2}-\d{2}$/.test(value) ? { initial_date: value } : {}) } };
    case 'Input.ChoiceSet': {
      const choices = z.array(z.object({ title: z.string(), value: z.string() })).safeParse(input.choices);
      const options = (choices.success ? choices.data : []).map((c) => ({ text: plain(c.title, 75), value: c.value })).slice(0, 100);
      if (options.length === 0) return undefined;
      const chosen = value.split(',').map((v) => v.trim()).filter(Boolean);
      const initial = options.filter((o) => chosen.includes(o.value));
      if (input.isMultiSelect === true) {
        return { ...base, element: { type: 'multi_static_select', action_id: input.id, options, ...(initial.length > 0 ? { initial_options: initial } : {}) } };
      }
      return { ...base, element: { type: 'static_select', action_id: input.id, options, ...(initial[0] ? { initial_option: initial[0] } : {}) } };
    }
    case 'Input.Number':
      return { ...base, element: { type: 'number_input', action_id: input.id, is_decimal_allowed: true, ...(value ? { initial_value: value } : {}) } };
    default:
      return undefined;
  }
}

export function renderModal(card: AdaptiveCard, options: { callbackId: string; title: string; privateMetadata: string }): slack.ModalView {
  const out = new Blocks();
  renderElements(nodes(card.body), out, inputBlock);
  out.flush();
  const submit = submitAction(card);
  return {
    type: 'modal',
    callback_id: options.callbackId,
    title: plain(options.title, 24),
    ...(submit ? { submit: plain(submit.title, 24) } : {}),
    close: plain(submit ? 'Cancel' : 'Close', 24),
    private_metadata: options.privateMetadata,
    blocks: limited(out.blocks),
  };
}

type ViewValues = Record<string, Record<string, { type: string; value?: string | null; selected_date?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] | null }>>;

/** The values a modal sent, keyed by input id, as an Adaptive Card submit carries them. */
export function readSubmission(values: ViewValues): Record<string, string | string[]> {
  const data: Record<string, string | string[]> = {};
  for (const [blockId, elements] of Object.entries(values)) {
    for (const element of Object.values(elements)) {
      if (element.type === 'multi_static_select' || element.type === 'checkboxes') data[blockId] = (element.selected_options ?? []).map((o) => o.value);
      else data[blockId] = element.selected_date ?? element.selected_option?.value ?? element.value ?? '';
    }
  }
  return data;
}

/** Checks the card declares (required, length, date format), keyed by block id. */
export function validateSubmission(card: AdaptiveCard, data: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const input of cardInputs(card)) {
    const raw = data[input.id];
    const value = Array.isArray(raw) ? raw.join(',') : str(raw);
    const label = input.label ?? input.id;
    if (input.isRequired === true && !value.trim()) errors[input.id] = str(input.errorMessage) || `${label} is needed.`;
    else if (typeof input.maxLength === 'number' && value.length > input.maxLength) errors[input.id] = `${label} is too long (${input.maxLength} characters at most).`;
    else if (input.type === 'Input.Date' && value && !/^\d{4}-\d{2}-\d{2}$/.test(value)) errors[input.id] = 'Choose a date.';
  }
  return errors;
}
