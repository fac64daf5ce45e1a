// Reading an Adaptive Card's structure for delivery decisions: does it have inputs (then Slack
// shows it as a modal), and which input each problem listed on a returned form names.
// Pure functions over the card JSON; the Block Kit rendering itself is the renderer's.
import { z } from 'zod';
import type { AdaptiveCard } from '../../cards/render-card.ts';

export const adaptiveCardSchema = z
  .object({ type: z.literal('AdaptiveCard'), version: z.string(), body: z.array(z.unknown()), actions: z.array(z.unknown()).optional() })
  .passthrough();

const inputSchema = z.object({ type: z.string().startsWith('Input.'), id: z.string().min(1), label: z.string().optional() }).passthrough();
export type CardInput = z.infer<typeof inputSchema>;

/** Calls `visit` on every object in the card, depth first. */
function walk(node: unknown, visit: (record: Record<string, unknown>, parent?: Record<string, unknown>) => void, parent?: Record<string, unknown>): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit, parent);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = Object.fromEntries(Object.entries(node));
  visit(record, parent);
  for (const value of Object.values(record)) walk(value, visit, record);
}

export function cardInputs(card: AdaptiveCard): CardInput[] {
  const inputs: CardInput[] = [];
  walk(card.body, (record) => {
    const input = inputSchema.safeParse(record);
    if (input.success) inputs.push(input.data);
  });
  return inputs;
}

export function hasInputs(card: AdaptiveCard): boolean {
  return cardInputs(card).length > 0;
}

/** The lines of an `attention` Container (a form's "Not saved yet" list), without their bullets. */
export function listedProblems(card: AdaptiveCard): string[] {
  const problems: string[] = [];
  walk(card.body, (record, parent) => {
    if (parent?.type !== 'Container' || parent.style !== 'attention' || record.type !== 'TextBlock' || typeof record.text !== 'string') return;
    if (/^\s*[-•*]\s+/.test(record.text)) problems.push(record.text.replace(/^\s*[-•*]\s+/, '').trim());
  });
  return problems;
}

/** The id a form gives the TextBlock that shows an input's problem, right after the input (cards/intel-form.json). */
export const problemBlockId = (inputId: string): string => `${inputId}-problem`;

/** The problems a form shows beside its inputs, keyed by input id. */
export function problemsBesideInputs(card: AdaptiveCard): Record<string, string> {
  const byBlockId = new Map(cardInputs(card).map((input) => [problemBlockId(input.id), input.id]));
  const found: Record<string, string> = {};
  walk(card.body, (record) => {
    const inputId = typeof record.id === 'string' ? byBlockId.get(record.id) : undefined;
    if (inputId && record.type === 'TextBlock' && typeof record.text === 'string' && record.text.trim()) found[inputId] = record.text.trim();
  });
  return found;
}

/**
 * Each problem of a returned form placed on its input, keyed by input id: the problems the form
 * shows beside an input, then each listed problem that is not one of those, on the input whose
 * label it names ("needs a progress note" on "Progress note (needed for Amber or Red)").
 * Undefined when there is no problem, or one names no input: then the whole form, with its list,
 * is the better answer.
 */
export function problemsByInput(card: AdaptiveCard): Record<string, string> | undefined {
  const placed = problemsBesideInputs(card);
  const besideTexts = Object.values(placed);
  const problems = listedProblems(card).filter((problem) => !besideTexts.some((text) => text.includes(problem)));
  if (problems.length === 0) return besideTexts.length > 0 ? placed : undefined;
  const inputs = cardInputs(card).flatMap((input) => {
    const name = (input.label ?? '').replace(/\(.*$/, '').trim().toLowerCase();
    return name.length >= 3 ? [{ id: input.id, name }] : [];
  });
  for (const problem of problems) {
    const lower = problem.toLowerCase();
    const input = inputs.find((i) => lower.includes(i.name));
    if (!input) return undefined;
    placed[input.id] = placed[input.id] ? `${placed[input.id]} ${problem}` : problem;
  }
  return placed;
}
