// An approximate HTML picture of Block Kit, close enough to judge a card's Slack look without
// Slack: header, section text (mrkdwn) and fields, context, divider, buttons, inputs, and the
// message or modal around them. Every string from the blocks is escaped; mrkdwn formatting is read
// the way Slack reads it, so text the renderer made literal (zero-width spaces around `*` and `_`,
// `&lt;` for `<`) shows literally here too.
import type { Block, ButtonElement, InputBlock, InputElement, ModalView, PlainOption, SlackMessage, TextObject } from '../../src/channels/slack/block-kit/index.ts';
import { escapeHtml } from './html.ts';

const ZWSP = '\u200B';
/** Slack's control sequences: `<!channel>`, `<@U123>`, `<#C123>`, `<https://x|label>`. */
const CONTROL = /<([^<>\n]+)>/g;
const SAFE_URL = /^(?:https?:|mailto:)/i;

/** The three entities Slack uses in mrkdwn, read back to characters. */
function decodeSlackEntities(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (_m, name: string) => (name === 'lt' ? '<' : name === 'gt' ? '>' : '&'));
}

/** `*bold*`, `_italic_`, `~strike~`: a marker counts only at a word boundary and hugging non-space text. */
const FORMATS: [marker: string, tag: string][] = [
  ['*', 'b'],
  ['_', 'i'],
  ['~', 's'],
];

function formatPattern(marker: string): RegExp {
  const m = marker === '*' ? '\\*' : marker; // only `*` needs escaping (the u flag refuses needless escapes)
  const edge = `[^\\p{L}\\p{N}${ZWSP}]`;
  const inner = `[^\\s${ZWSP}${m}]`;
  return new RegExp(`(^|${edge})${m}(${inner}(?:[^\\n${m}]*?${inner})?)${m}(?=$|${edge})`, 'gmu');
}
const FORMAT_PATTERNS = FORMATS.map(([marker, tag]) => [formatPattern(marker), tag] as const);
/** `` `code` ``: nothing inside is formatted, so code spans are set aside first. */
const CODE = new RegExp(`(^|[^\\p{L}\\p{N}${ZWSP}])\`([^\`\\n]+)\`(?=$|[^\\p{L}\\p{N}${ZWSP}])`, 'gmu');
const SET_ASIDE = /\uE000(\d+)\uE000/g;

function formattedText(mrkdwn: string): string {
  const code: string[] = [];
  const html = escapeHtml(decodeSlackEntities(mrkdwn.replace(/\uE000/g, ''))).replace(CODE, (_m, before: string, inner: string) => {
    code.push(inner);
    return `${before}\uE000${code.length - 1}\uE000`;
  });
  const formatted = FORMAT_PATTERNS.reduce((out, [pattern, tag]) => out.replace(pattern, `$1<${tag}>$2</${tag}>`), html);
  return formatted.replace(SET_ASIDE, (_m, i: string) => `<code>${code[Number(i)] ?? ''}</code>`);
}

function controlSequence(inner: string): string {
  const [target = '', label] = inner.split(/\|(.*)/s);
  if (target.startsWith('!')) return `<span class="sk-mention">@${escapeHtml(decodeSlackEntities(label ?? target.slice(1)))}</span>`;
  if (target.startsWith('@') || target.startsWith('#')) return `<span class="sk-mention">${escapeHtml(decodeSlackEntities(label ? target[0] + label : target))}</span>`;
  const url = decodeSlackEntities(target);
  if (!SAFE_URL.test(url)) return escapeHtml(decodeSlackEntities(`<${inner}>`));
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(decodeSlackEntities(label ?? target))}</a>`;
}

/** Slack mrkdwn as HTML. */
export function mrkdwnToHtml(mrkdwn: string): string {
  let html = '';
  let last = 0;
  for (const match of mrkdwn.matchAll(CONTROL)) {
    html += formattedText(mrkdwn.slice(last, match.index));
    html += controlSequence(match[1] ?? '');
    last = match.index + match[0].length;
  }
  return (html + formattedText(mrkdwn.slice(last))).replace(/\n/g, '<br>');
}

function textHtml(text: TextObject): string {
  return text.type === 'mrkdwn' ? mrkdwnToHtml(text.text) : escapeHtml(text.text).replace(/\n/g, '<br>');
}

function buttonHtml(button: ButtonElement): string {
  const carries = button.url ?? button.value ?? '';
  return `<button type="button" class="sk-button sk-button-${button.style ?? 'default'}" title="${escapeHtml(carries)}">${escapeHtml(button.text.text)}</button>`;
}

function imagePlaceholder(url: string, alt: string): string {
  // Not loaded: the preview makes no requests off this machine.
  return `<div class="sk-image" title="${escapeHtml(url)}">[image: ${escapeHtml(alt)}]</div>`;
}

const optionHtml = (option: PlainOption, selected: boolean): string =>
  `<option value="${escapeHtml(option.value)}"${selected ? ' selected' : ''}>${escapeHtml(option.text.text)}</option>`;

const choiceHtml = (kind: 'checkbox' | 'radio', name: string, option: PlainOption, checked: boolean): string =>
  `<label class="sk-choice"><input type="${kind}" name="${escapeHtml(name)}" value="${escapeHtml(option.value)}"${checked ? ' checked' : ''}> ${escapeHtml(option.text.text)}</label>`;

function fieldHtml(type: string, value: string | undefined, placeholder: string | undefined): string {
  return `<input class="sk-field" type="${type}" value="${escapeHtml(value ?? '')}" placeholder="${escapeHtml(placeholder ?? '')}">`;
}

function inputElementHtml(name: string, element: InputElement): string {
  switch (element.type) {
    case 'plain_text_input':
      return element.multiline
        ? `<textarea class="sk-field" rows="3" placeholder="${escapeHtml(element.placeholder?.text ?? '')}">${escapeHtml(element.initial_value ?? '')}</textarea>`
        : fieldHtml('text', element.initial_value, element.placeholder?.text);
    case 'email_text_input':
      return fieldHtml('email', element.initial_value, element.placeholder?.text);
    case 'url_text_input':
      return fieldHtml('url', element.initial_value, element.placeholder?.text);
    case 'number_input':
      return fieldHtml('number', element.initial_value, element.placeholder?.text);
    case 'datepicker':
      return fieldHtml('date', element.initial_date, element.placeholder?.text);
    case 'timepicker':
      return fieldHtml('time', element.initial_time, element.placeholder?.text);
    case 'checkboxes': {
      const chosen = new Set((element.initial_options ?? []).map((o) => o.value));
      return element.options.map((o) => choiceHtml('checkbox', name, o, chosen.has(o.value))).join('');
    }
    case 'radio_buttons':
      return element.options.map((o) => choiceHtml('radio', name, o, o.value === element.initial_option?.value)).join('');
    case 'static_select': {
      const placeholder = `<option value="">${escapeHtml(element.placeholder?.text ?? 'Select an option')}</option>`;
      return `<select class="sk-field">${placeholder}${element.options.map((o) => optionHtml(o, o.value === element.initial_option?.value)).join('')}</select>`;
    }
    case 'multi_static_select': {
      const chosen = new Set((element.initial_options ?? []).map((o) => o.value));
      const size = Math.min(element.options.length, 5);
      return `<select class="sk-field" multiple size="${size}">${element.options.map((o) => optionHtml(o, chosen.has(o.value))).join('')}</select>`;
    }
    case 'users_select':
      return `<select class="sk-field"><option value="">${escapeHtml(element.placeholder?.text ?? 'Select a user')}</option></select>`;
    default: {
      const unknown: never = element;
      return `<div class="sk-unknown">unknown input element ${escapeHtml(JSON.stringify(unknown))}</div>`;
    }
  }
}

function inputHtml(block: InputBlock): string {
  const optional = block.optional ? ' <span class="sk-optional">(optional)</span>' : '';
  const hint = block.hint ? `<div class="sk-hint">${escapeHtml(block.hint.text)}</div>` : '';
  return `<div class="sk-input"><div class="sk-label">${escapeHtml(block.label.text)}${optional}</div>${inputElementHtml(block.block_id, block.element)}${hint}</div>`;
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'header':
      return `<div class="sk-header">${escapeHtml(block.text.text)}</div>`;
    case 'section': {
      const text = block.text ? `<div class="sk-text">${textHtml(block.text)}</div>` : '';
      const fields = block.fields?.length ? `<div class="sk-fields">${block.fields.map((f) => `<div>${textHtml(f)}</div>`).join('')}</div>` : '';
      return `<div class="sk-section">${text}${fields}</div>`;
    }
    case 'context':
      return `<div class="sk-context">${block.elements.map((e) => (e.type === 'image' ? imagePlaceholder(e.image_url, e.alt_text) : `<span>${textHtml(e)}</span>`)).join('')}</div>`;
    case 'divider':
      return '<hr class="sk-divider">';
    case 'actions':
      return `<div class="sk-actions">${block.elements.map(buttonHtml).join('')}</div>`;
    case 'image':
      return imagePlaceholder(block.image_url, block.alt_text);
    case 'input':
      return inputHtml(block);
    default: {
      const unknown: never = block;
      return `<div class="sk-unknown">unknown block ${escapeHtml(JSON.stringify(unknown))}</div>`;
    }
  }
}

/** The blocks, each in an element carrying its Block Kit type (`data-block`), inside a form so radio groups stay apart. */
function blocksHtml(blocks: readonly Block[]): string {
  return `<form class="sk-blocks" data-block-count="${blocks.length}">${blocks.map((b) => `<div class="sk-block" data-block="${escapeHtml(b.type)}">${blockHtml(b)}</div>`).join('')}</form>`;
}

export function messageHtml(message: SlackMessage, appName: string): string {
  return (
    `<div class="sk-message"><div class="sk-app">${escapeHtml(appName)} <span class="sk-app-badge">APP</span></div>` +
    `${blocksHtml(message.blocks)}<div class="sk-notification" title="Notification text">Notification: ${escapeHtml(decodeSlackEntities(message.text))}</div></div>`
  );
}

export function modalHtml(view: ModalView): string {
  const submit = view.submit ? `<button type="button" class="sk-button sk-button-primary">${escapeHtml(view.submit.text)}</button>` : '';
  return (
    `<div class="sk-modal"><div class="sk-modal-title">${escapeHtml(view.title.text)}</div>${blocksHtml(view.blocks)}` +
    `<div class="sk-modal-footer"><button type="button" class="sk-button sk-button-default">${escapeHtml(view.close.text)}</button>${submit}</div></div>`
  );
}
