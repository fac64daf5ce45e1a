// Reads the Adaptive Card 1.5 elements and actions the renderer understands, one element at a time
// (children stay raw until they are rendered). A bad property falls back to its default instead of
// losing the element; an element that cannot be read at all becomes `Unsupported` and is shown as a note.
import { z } from 'zod';

const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const flag = opt(z.boolean());
const str = opt(z.string());
const num = opt(z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]));
const list = z.array(z.unknown()).catch([]);

const common = { id: str, isVisible: flag, separator: flag };
const textStyle = { weight: str, color: str, isSubtle: flag, size: str, fontType: str };

const textRunSchema = z.object({ type: z.literal('TextRun'), text: text.catch(''), italic: flag, strikethrough: flag, ...textStyle });
const inlineSchema = z.union([z.string().transform((s) => textRunSchema.parse({ type: 'TextRun', text: s })), textRunSchema]);
const inputCommon = { ...common, id: z.string().min(1), label: str, isRequired: flag, errorMessage: str };
const choiceSchema = z.object({ title: text.catch(''), value: text });

const elementSchemas = {
  TextBlock: z.object({ type: z.literal('TextBlock'), text: text.catch(''), ...common, ...textStyle }),
  RichTextBlock: z.object({ type: z.literal('RichTextBlock'), inlines: z.array(inlineSchema.catch(() => textRunSchema.parse({ type: 'TextRun', text: '' }))).catch([]), ...common }),
  FactSet: z.object({ type: z.literal('FactSet'), facts: z.array(z.object({ title: text.catch(''), value: text.catch('') })).catch([]), ...common }),
  Container: z.object({ type: z.literal('Container'), items: list, ...common }),
  ColumnSet: z.object({ type: z.literal('ColumnSet'), columns: list, ...common }),
  Column: z.object({ type: z.literal('Column'), items: list, ...common }),
  Image: z.object({ type: z.literal('Image'), url: z.string(), altText: str, ...common }),
  ImageSet: z.object({ type: z.literal('ImageSet'), images: list, ...common }),
  ActionSet: z.object({ type: z.literal('ActionSet'), actions: list, ...common }),
  Table: z.object({
    type: z.literal('Table'),
    rows: z.array(z.object({ cells: z.array(z.object({ items: list })).catch([]) })).catch([]),
    firstRowAsHeader: opt(z.boolean()),
    ...common,
  }),
  Media: z.object({ type: z.literal('Media'), sources: z.array(z.object({ url: z.string() })).catch([]), altText: str, ...common }),
  'Input.Text': z.object({ type: z.literal('Input.Text'), ...inputCommon, placeholder: str, value: opt(text), maxLength: num, isMultiline: flag, style: str, regex: str }),
  'Input.Number': z.object({ type: z.literal('Input.Number'), ...inputCommon, placeholder: str, value: num, min: num, max: num }),
  'Input.Date': z.object({ type: z.literal('Input.Date'), ...inputCommon, placeholder: str, value: str, min: str, max: str }),
  'Input.Time': z.object({ type: z.literal('Input.Time'), ...inputCommon, placeholder: str, value: str, min: str, max: str }),
  'Input.Toggle': z.object({ type: z.literal('Input.Toggle'), ...inputCommon, title: text.catch(''), value: opt(text), valueOn: opt(text), valueOff: opt(text) }),
  'Input.ChoiceSet': z.object({
    type: z.literal('Input.ChoiceSet'),
    ...inputCommon,
    placeholder: str,
    value: opt(text),
    choices: z.array(choiceSchema).catch([]),
    isMultiSelect: flag,
    style: str,
  }),
};

type ElementSchemas = typeof elementSchemas;
export type CardElement = { [K in keyof ElementSchemas]: z.infer<ElementSchemas[K]> }[keyof ElementSchemas] | UnsupportedElement;
export type ElementOf<T extends CardElement['type']> = Extract<CardElement, { type: T }>;
export type TextRun = z.infer<typeof textRunSchema>;
export type InputElementType = Extract<CardElement['type'], `Input.${string}`>;
export type CardInput = ElementOf<InputElementType>;

export interface UnsupportedElement {
  type: 'Unsupported';
  typeName: string;
  isVisible?: boolean;
  separator?: boolean;
}

const rawObject = z.object({ type: z.string(), fallback: z.unknown().optional() }).loose();

function isKnownType(type: string): type is keyof ElementSchemas {
  return Object.hasOwn(elementSchemas, type);
}

/**
 * One element of a card. An unknown type uses the element's own `fallback` (another element, or
 * "drop") as Adaptive Card hosts do; without one it is `Unsupported`. Returns undefined for "drop".
 */
export function readElement(raw: unknown): CardElement | undefined {
  const shape = rawObject.safeParse(raw);
  if (!shape.success) return { type: 'Unsupported', typeName: 'element without a type' };
  const { type, fallback } = shape.data;
  if (isKnownType(type)) {
    const parsed = elementSchemas[type].safeParse(raw);
    if (parsed.success) return parsed.data;
  }
  if (fallback === 'drop') return undefined;
  if (fallback !== undefined) return readElement(fallback);
  return { type: 'Unsupported', typeName: type };
}

/** An element or action with where it sits in the card (`/body/3/items/0`), so a button can point back to it. */
export interface Located<T> {
  item: T;
  path: string;
}

/** The visible elements of a list, each with its path under `base`. */
export function locateElements(raw: readonly unknown[], base: string): Located<CardElement>[] {
  return raw.flatMap((r, i) => {
    const item = readElement(r);
    return item && item.isVisible !== false ? [{ item, path: `${base}/${i}` }] : [];
  });
}

export function readElements(raw: readonly unknown[]): CardElement[] {
  return locateElements(raw, '').map((located) => located.item);
}

export function isInput(element: CardElement): element is CardInput {
  return element.type.startsWith('Input.');
}

const actionCommon = { title: text.catch(''), style: str, id: str, isEnabled: flag };
const actionSchemas = {
  'Action.Execute': z.object({ type: z.literal('Action.Execute'), verb: str, data: z.unknown().optional(), associatedInputs: str, ...actionCommon }),
  'Action.Submit': z.object({ type: z.literal('Action.Submit'), data: z.unknown().optional(), associatedInputs: str, ...actionCommon }),
  'Action.OpenUrl': z.object({ type: z.literal('Action.OpenUrl'), url: z.string(), ...actionCommon }),
  'Action.ShowCard': z.object({ type: z.literal('Action.ShowCard'), card: z.object({ body: list, actions: list }).loose(), ...actionCommon }),
};

type ActionSchemas = typeof actionSchemas;
export type CardAction = { [K in keyof ActionSchemas]: z.infer<ActionSchemas[K]> }[keyof ActionSchemas] | UnsupportedAction;
export type SubmitAction = Extract<CardAction, { type: 'Action.Execute' | 'Action.Submit' }>;

export interface UnsupportedAction {
  type: 'Unsupported';
  typeName: string;
  title: string;
}

function isKnownAction(type: string): type is keyof ActionSchemas {
  return Object.hasOwn(actionSchemas, type);
}

export function readAction(raw: unknown): CardAction | undefined {
  const shape = rawObject.safeParse(raw);
  if (!shape.success) return { type: 'Unsupported', typeName: 'action without a type', title: '' };
  const { type, fallback } = shape.data;
  if (isKnownAction(type)) {
    const parsed = actionSchemas[type].safeParse(raw);
    if (parsed.success) return parsed.data;
  }
  if (fallback === 'drop') return undefined;
  if (fallback !== undefined) return readAction(fallback);
  const title = z.object({ title: z.string() }).safeParse(raw);
  return { type: 'Unsupported', typeName: type, title: title.success ? title.data.title : '' };
}

export function locateActions(raw: readonly unknown[], base: string): Located<CardAction>[] {
  return raw.flatMap((r, i) => {
    const item = readAction(r);
    return item && !('isEnabled' in item && item.isEnabled === false) ? [{ item, path: `${base}/${i}` }] : [];
  });
}

export function readActions(raw: readonly unknown[]): CardAction[] {
  return locateActions(raw, '').map((located) => located.item);
}

/** A submit that sends the card's inputs (Adaptive Cards' default) rather than `associatedInputs: "none"`. */
export function sendsInputs(action: CardAction): action is SubmitAction {
  return (action.type === 'Action.Execute' || action.type === 'Action.Submit') && action.associatedInputs?.toLowerCase() !== 'none';
}

/** Every input of a card body, in order, looking inside containers, columns and tables. */
export function cardInputs(body: readonly unknown[]): CardInput[] {
  return readElements(body).flatMap((element): CardInput[] => {
    if (isInput(element)) return [element];
    switch (element.type) {
      case 'Container':
      case 'Column':
        return cardInputs(element.items);
      case 'ColumnSet':
        return cardInputs(element.columns);
      case 'Table':
        return element.rows.flatMap((row) => row.cells.flatMap((cell) => cardInputs(cell.items)));
      default:
        return [];
    }
  });
}
