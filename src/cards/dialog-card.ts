// A card as a dialog shows it (a Teams task module): buttons become Action.Submit, which a dialog
// sends back as `task/submit` (a dialog does not send Action.Execute), and each problem the form
// lists under "Not saved yet" is also placed right under the input it names, where the person
// is looking ("needs a progress note" under "Progress note (needed for Amber or Red)"). A problem
// that names no input stays in the list only. The form itself is the one every channel uses.
import type { AdaptiveCard } from './render-card.ts';

type Node = Record<string, unknown>;

function isRecord(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapTree(node: unknown, visit: (record: Node) => Node): unknown {
  if (Array.isArray(node)) return node.map((item) => mapTree(item, visit));
  if (!isRecord(node)) return node;
  const mapped = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, mapTree(value, visit)]));
  return visit(mapped);
}

/** Action.Execute { verb, data } as Action.Submit { data: { ...data, verb } }; everything else as it is. */
function asSubmit(record: Node): Node {
  if (record.type !== 'Action.Execute') return record;
  const { verb, data, ...rest } = record;
  return { ...rest, type: 'Action.Submit', data: { ...(isRecord(data) ? data : {}), verb } };
}

export function hasInputs(card: AdaptiveCard): boolean {
  return JSON.stringify(card.body).includes('"type":"Input.');
}

/** The problems a form lists in its "attention" Container, without their bullets. */
function listedProblems(card: AdaptiveCard): string[] {
  const found: string[] = [];
  mapTree(card.body, (record) => {
    if (record.type === 'Container' && record.style === 'attention' && Array.isArray(record.items)) {
      for (const item of record.items) if (isRecord(item) && typeof item.text === 'string' && /^\s*[-•]\s+/.test(item.text)) found.push(item.text.replace(/^\s*[-•]\s+/, '').trim());
    }
    return record;
  });
  return found;
}

/** What an input is called, for matching a problem to it: its label up to any "(...)". */
const labelName = (input: Node) => (typeof input.label === 'string' ? input.label.replace(/\(.*$/, '').trim().toLowerCase() : '');

/** Each input followed, where a problem names it, by that problem in the attention colour. */
function problemsBesideInputs(body: unknown[], problems: string[]): unknown[] {
  return body.flatMap((element) => {
    if (!isRecord(element)) return [element];
    const inner = Array.isArray(element.items) ? { ...element, items: problemsBesideInputs(element.items, problems) } : element;
    if (typeof element.type !== 'string' || !element.type.startsWith('Input.')) return [inner];
    const name = labelName(element);
    const mine = name.length >= 3 ? problems.filter((p) => p.toLowerCase().includes(name)) : [];
    return mine.length === 0 ? [inner] : [inner, { type: 'TextBlock', text: mine.join(' '), color: 'Attention', size: 'Small', wrap: true, spacing: 'None' }];
  });
}

export function dialogCard(card: AdaptiveCard): AdaptiveCard {
  const submitted = mapTree(card, asSubmit) as AdaptiveCard;
  const problems = listedProblems(card);
  return problems.length === 0 ? submitted : { ...submitted, body: problemsBesideInputs(submitted.body, problems) };
}
