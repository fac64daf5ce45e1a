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

export function renderCard<N extends CardName>(name: N, data: CardModels[N]): AdaptiveCard {
  return template(name).expand({ $root: data }) as AdaptiveCard;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
