// Validates Adaptive Cards against two official references: Microsoft's Adaptive Card 1.5 JSON
// schema (a copy in test/fixtures, so CI needs nothing outside the repo) and the `adaptivecards`
// renderer's own parser. Both return readable problems ("body[3].items[0] (TextBlock): ...").
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type * as AdaptiveCardsLib from 'adaptivecards';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
const require = createRequire(import.meta.url);
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/schemas');
export const ADAPTIVE_CARD_SCHEMA_FILE = path.join(FIXTURES, 'adaptive-card-1.5.0.json');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every object with a `type` in a card (elements, actions, inlines, choices have none), with its path. */
export function typedNodes(node: unknown, at = ''): { at: string; type: string; node: JsonObject }[] {
  const found: { at: string; type: string; node: JsonObject }[] = [];
  if (Array.isArray(node)) node.forEach((item, i) => found.push(...typedNodes(item, `${at}[${i}]`)));
  else if (isObject(node)) {
    if (typeof node.type === 'string') found.push({ at: at || '(card)', type: node.type, node });
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'data') found.push(...typedNodes(value, at ? `${at}.${key}` : key));
    }
  }
  return found;
}

export interface CardSchemaValidator {
  /** Problems with the card, [] when it is valid Adaptive Card 1.5. */
  validate(card: unknown): string[];
}

export function adaptiveCardSchemaValidator(): CardSchemaValidator {
  const schema = JSON.parse(readFileSync(ADAPTIVE_CARD_SCHEMA_FILE, 'utf8')) as JsonObject;
  // Draft-06 names the schema with `id`; ajv 8 wants `$id`. Only the root keyword is renamed
  // (properties called "id" inside the definitions are element ids, not schema ids).
  const { id: schemaId, ...rest } = schema;
  if (typeof schemaId !== 'string') throw new Error(`${ADAPTIVE_CARD_SCHEMA_FILE} has no root id`);
  const definitions = rest.definitions;
  if (!isObject(definitions)) throw new Error(`${ADAPTIVE_CARD_SCHEMA_FILE} has no definitions`);
  const cardDefinition = definitions.AdaptiveCard;
  if (!isObject(cardDefinition) || !isObject(cardDefinition.properties)) throw new Error('schema has no AdaptiveCard definition');
  // Teams' own extension (width, mentions) sits on the card; the schema does not know it.
  cardDefinition.properties.msteams = { type: 'object' };

  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
  ajv.addSchema({ ...rest, $id: schemaId }, 'adaptive-card');
  const whole = ajv.getSchema('adaptive-card');
  if (!whole) throw new Error('the Adaptive Card schema did not compile');
  const byType = new Map<string, ValidateFunction>();
  const forType = (type: string): ValidateFunction | undefined => {
    if (!(type in definitions)) return undefined;
    let fn = byType.get(type);
    if (!fn) {
      fn = ajv.compile({ $ref: `${schemaId}#/definitions/${type}` });
      byType.set(type, fn);
    }
    return fn;
  };

  return {
    validate(card) {
      if (whole(card)) return [];
      // The card is invalid: name each element that is wrong by itself (the recursive anyOf of
      // the whole-card errors points at every alternative, which reads as noise).
      const problems = new Set<string>();
      const nodes = typedNodes(card);
      for (const { at, type, node } of nodes) {
        const validateType = forType(type);
        if (!validateType) {
          problems.add(`${at}: unknown type "${type}"`);
          continue;
        }
        if (validateType(node)) continue;
        const own = (validateType.errors ?? []).filter((e) => !insideChildElement(node, e));
        for (const error of own) problems.add(`${at}${readablePath(error.instancePath)} (${type}): ${describe(error)}`);
      }
      if (problems.size === 0) for (const e of (whole.errors ?? []).slice(0, 5)) problems.add(`${readablePath(e.instancePath) || '(card)'}: ${describe(e)}`);
      return [...problems];
    },
  };
}

/** True when an error is about a nested typed element, which is reported on its own. */
function insideChildElement(element: JsonObject, error: ErrorObject): boolean {
  const steps = error.instancePath.split('/').slice(1);
  let node: Json = element;
  for (const step of steps) {
    node = Array.isArray(node) ? (node[Number(step)] ?? null) : isObject(node) ? (node[step] ?? null) : null;
    if (isObject(node) && typeof node.type === 'string') return true;
  }
  return false;
}

/** "/items/0/text" -> ".items[0].text" */
const readablePath = (pointer: string): string => pointer.replace(/\/(\d+)/g, '[$1]').replaceAll('/', '.');

function describe(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return `has a property the schema does not allow: "${String(error.params.additionalProperty)}"`;
  if (error.keyword === 'enum') return `${error.message ?? 'is not allowed'} (${JSON.stringify(error.params.allowedValues)})`;
  return error.message ?? error.keyword;
}

type AdaptiveCardsModule = typeof AdaptiveCardsLib;
let adaptiveCards: AdaptiveCardsModule | undefined;

/** The official renderer's library; its UMD bundle loads under node where the ESM build does not. */
export function adaptiveCardsLibrary(): AdaptiveCardsModule {
  adaptiveCards ??= require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;
  return adaptiveCards;
}

/** What the renderer's parser and validateProperties() report for a card ([] when clean). */
export function rendererProblems(card: unknown): string[] {
  const AC = adaptiveCardsLibrary();
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  return problems;
}
