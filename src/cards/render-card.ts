// Cards are data: each template in cards/ is an Adaptive Card 1.5 JSON file with ${...} bindings,
// expanded here with its typed data model (adaptivecards-templating). Teams shows the result as
// it is; the Slack channel turns the same card into Block Kit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import type { CardModels } from './card-models.ts';
import { inProject } from '../project-root.ts';

export type CardName = keyof CardModels;
export const CARDS_FOLDER = inProject('cards');

/** An Adaptive Card as JSON; the schema tests check what the templates produce. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

const templates = new Map<CardName, ACData.Template>();

function template(name: CardName): ACData.Template {
  let loaded = templates.get(name);
  if (!loaded) {
    const json: unknown = JSON.parse(readFileSync(path.join(CARDS_FOLDER, `${name}.json`), 'utf8'));
    loaded = new ACData.Template(json);
    templates.set(name, loaded);
  }
  return loaded;
}

/**
 * Cards recently expanded, by template and data (as JSON). Expanding a template walks every
 * element and evaluates each binding (adaptivecards-templating over adaptive-expressions): about
 * half a millisecond for a list page, and much short-lived garbage. A template's expansion depends
 * on its data alone (the templates use no clock or random functions), so the same card with the same
 * data (the help card of a role, a list page asked for again before anything in it changed) is
 * answered from here, for the price of turning the data into JSON to look it up. The cards handed
 * out are frozen (shared between requests: nothing may change one). Bounded: the least recently
 * used go first.
 */
const expanded = new Map<string, AdaptiveCard>();
export const EXPANDED_CARDS_KEPT = 256;

export function renderCard<N extends CardName>(name: N, data: CardModels[N]): AdaptiveCard {
  const key = `${name}\u0000${JSON.stringify(data)}`;
  const known = expanded.get(key);
  if (known !== undefined) {
    expanded.delete(key);
    expanded.set(key, known);
    return known;
  }
  const card = deepFreeze(template(name).expand({ $root: data }) as AdaptiveCard);
  expanded.set(key, card);
  if (expanded.size > EXPANDED_CARDS_KEPT) expanded.delete(expanded.keys().next().value as string);
  return card;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
