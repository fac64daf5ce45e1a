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

/**
 * Each listed problem placed on the input whose label it names ("needs a progress note" on
 * "Progress note (needed for Amber or Red)"), keyed by input id. Undefined when any problem
 * names no input: then the whole form, with its list, is the better answer.
 */
export function problemsByInput(card: AdaptiveCard): Record<string, string> | undefined {
  const problems = listedProblems(card);
  if (problems.length === 0) return undefined;
  const inputs = cardInputs(card).flatMap((input) => {
    const name = (input.label ?? '').replace(/\(.*$/, '').trim().toLowerCase();
    return name.length >= 3 ? [{ id: input.id, name }] : [];
  });
  const placed: Record<string, string> = {};
  for (const problem of problems) {
    const lower = problem.toLowerCase();
    const input = inputs.find((i) => lower.includes(i.name));
    if (!input) return undefined;
    placed[input.id] = placed[input.id] ? `${placed[input.id]} ${problem}` : problem;
  }
  return placed;
}
