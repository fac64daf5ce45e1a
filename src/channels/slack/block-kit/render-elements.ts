// Adaptive Card display elements as pieces (then blocks). Layout Slack cannot do is flattened:
// a ColumnSet of short texts becomes one line ("a · b · c") or section fields, a Table one line per
// row, a Container's texts one section. Anything unknown is shown as a note, never thrown.
import { locateActions, locateElements, readElements, type CardElement, type ElementOf, type Located } from './card-elements.ts';
import { cardMarkdownToPlain, colourMark, isBold, literalMrkdwn, textBlockToMrkdwn, textRunToMrkdwn, wrapLines, cardMarkdownToMrkdwn } from './mrkdwn.ts';
import { buttonsFirst, notePiece, textPiece, type Piece } from './pieces.ts';
import { renderAction, type RenderContext } from './render-actions.ts';
import { SLACK_LIMITS } from './block-kit-limits.ts';
import type { ImageElement } from './block-kit-types.ts';

const SAFE_IMAGE_URL = /^https?:\/\/\S+$/i;
/** A ColumnSet whose texts join into a line up to this long reads as one line; longer, as fields. */
const ONE_LINE_MAX = 300;
const JOIN = ' · ';

interface Inline {
  mrkdwn: string;
  subtle: boolean;
}

export function renderElements(context: RenderContext, elements: readonly Located<CardElement>[]): Piece[] {
  return elements.flatMap((element) => renderElement(context, element, false));
}

/** One element as pieces. `first`: the first element of the card body, whose bold title reads as a header. */
export function renderElement(context: RenderContext, { item: element, path }: Located<CardElement>, first: boolean): Piece[] {
  const divider: Piece[] = element.separator ? [{ kind: 'divider' }] : [];
  return [...divider, ...renderContent(context, element, path, first)];
}

function renderContent(context: RenderContext, element: CardElement, path: string, first: boolean): Piece[] {
  switch (element.type) {
    case 'TextBlock':
      return renderTextBlock(element, first, context);
    case 'RichTextBlock':
    case 'FactSet': {
      if (element.type === 'FactSet' && element.facts.length > 1) return [{ kind: 'fields', fields: element.facts.map(factField) }];
      const inline = inlineOf(element);
      return inline ? textPiece(inline.mrkdwn, inline.subtle) : [];
    }
    case 'Container':
    case 'Column':
      return renderElements(context, locateElements(element.items, `${path}/items`));
    case 'ColumnSet':
      return renderColumnSet(context, element, path);
    case 'Table':
      return renderTable(context, element, path);
    case 'Image':
      return SAFE_IMAGE_URL.test(element.url) && element.url.length <= SLACK_LIMITS.url
        ? [{ kind: 'block', block: { type: 'image', image_url: element.url, alt_text: altText(element.altText) } }]
        : [notePiece(`[image not shown${element.altText ? `: ${element.altText}` : ''}]`)];
    case 'ImageSet':
      return renderImageSet(element);
    case 'ActionSet':
      return buttonsFirst(locateActions(element.actions, `${path}/actions`).flatMap((action) => renderAction(context, action)));
    case 'Media':
      return [notePiece(`[video or audio not shown in Slack${element.altText ? `: ${element.altText}` : ''}]`)];
    case 'Input.Text':
    case 'Input.Number':
    case 'Input.Date':
    case 'Input.Time':
    case 'Input.Toggle':
    case 'Input.ChoiceSet':
      return context.input(element);
    case 'Unsupported':
      return [notePiece(`[unsupported element: ${element.typeName}]`)];
  }
}

const isLarge = (size: string | undefined): boolean => ['large', 'extralarge'].includes(size?.toLowerCase() ?? '');

function renderTextBlock(element: ElementOf<'TextBlock'>, first: boolean, context: RenderContext): Piece[] {
  if (!element.text.trim()) return [];
  const plainTitle = first && isBold(element.weight) && !colourMark(element.color);
  if (isLarge(element.size) || plainTitle) {
    const mark = colourMark(element.color);
    return [{ kind: 'header', text: `${mark ? `${mark} ` : ''}${cardMarkdownToPlain(element.text)}` }];
  }
  return textPiece(textBlockToMrkdwn(element, context.mentions), element.isSubtle === true);
}

function factField(fact: { title: string; value: string }): string {
  const title = fact.title.trim() ? `${wrapLines(cardMarkdownToMrkdwn(fact.title.replace(/\*\*/g, '')), '*')}\n` : '';
  return `${title}${literalMrkdwn(fact.value)}`;
}

/** An element as one run of text (for columns and table cells), or undefined if it is not only text. */
function inlineOf(element: CardElement, bold = false): Inline | undefined {
  switch (element.type) {
    case 'TextBlock':
      return { mrkdwn: textBlockToMrkdwn({ ...element, weight: bold || isLarge(element.size) ? 'Bolder' : element.weight }), subtle: element.isSubtle === true };
    case 'RichTextBlock': {
      const runs = element.inlines.filter((run) => run.text);
      return { mrkdwn: runs.map((run) => textRunToMrkdwn(bold ? { ...run, weight: 'Bolder' } : run)).join(''), subtle: runs.length > 0 && runs.every((run) => run.isSubtle === true) };
    }
    case 'FactSet':
      return { mrkdwn: element.facts.map((fact) => factField(fact).replace('\n', ' ')).join('\n'), subtle: false };
    case 'Container':
    case 'Column':
      return joinInline(readElements(element.items).map((item) => inlineOf(item, bold)), ' ');
    default:
      return undefined;
  }
}

function joinInline(parts: readonly (Inline | undefined)[], separator: string): Inline | undefined {
  if (parts.some((part) => part === undefined)) return undefined;
  const present = parts.filter((part): part is Inline => part !== undefined && part.mrkdwn.trim() !== '');
  return { mrkdwn: present.map((part) => part.mrkdwn).join(separator), subtle: present.length > 0 && present.every((part) => part.subtle) };
}

function renderColumnSet(context: RenderContext, element: ElementOf<'ColumnSet'>, path: string): Piece[] {
  const columns = locateElements(element.columns, `${path}/columns`);
  const parts = columns.map((column) => inlineOf(column.item));
  const line = joinInline(parts, JOIN);
  if (line && !line.mrkdwn.includes('\n') && line.mrkdwn.length <= ONE_LINE_MAX) return textPiece(line.mrkdwn, line.subtle);
  if (line) return [{ kind: 'fields', fields: parts.flatMap((part) => (part?.mrkdwn.trim() ? [part.mrkdwn] : [])) }];
  return renderElements(context, columns);
}

function renderTable(context: RenderContext, element: ElementOf<'Table'>, path: string): Piece[] {
  return element.rows.flatMap((row, r) => {
    const header = r === 0 && element.firstRowAsHeader !== false;
    const cells = row.cells.map((cell) => joinInline(readElements(cell.items).map((item) => inlineOf(item, header)), ' '));
    const line = joinInline(cells, JOIN);
    if (line) return textPiece(line.mrkdwn, line.subtle);
    return row.cells.flatMap((cell, c) => renderElements(context, locateElements(cell.items, `${path}/rows/${r}/cells/${c}/items`)));
  });
}

function renderImageSet(element: ElementOf<'ImageSet'>): Piece[] {
  const images = readElements(element.images).filter((image) => image.type === 'Image');
  const shown: ImageElement[] = images
    .filter((image) => SAFE_IMAGE_URL.test(image.url) && image.url.length <= SLACK_LIMITS.url)
    .map((image) => ({ type: 'image', image_url: image.url, alt_text: altText(image.altText) }));
  const pieces: Piece[] = [];
  for (let i = 0; i < shown.length; i += SLACK_LIMITS.contextElements) {
    pieces.push({ kind: 'block', block: { type: 'context', elements: shown.slice(i, i + SLACK_LIMITS.contextElements) } });
  }
  if (shown.length < images.length) pieces.push(notePiece(`[${images.length - shown.length} image(s) not shown]`));
  return pieces;
}

function altText(text: string | undefined): string {
  return (text?.trim() || 'Image').slice(0, SLACK_LIMITS.imageAltText);
}
