// What the preview page shows, worked out on the server: every template in cards/, each sample
// expanded through the project's renderer (src/cards/render-card.ts) and turned into Block Kit by
// the Slack channel's renderer, with any failure kept as text for the page to report.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sampleEntries } from '../../src/cards/card-samples.ts';
import { CARDS_FOLDER, type AdaptiveCard } from '../../src/cards/render-card.ts';
import { hasInputs } from '../../src/channels/slack/card-reading.ts';
import { renderCardMessage, renderCardModal, type ModalView, type SlackMessage } from '../../src/channels/slack/card-rendering.ts';
import { formContext } from '../../src/channels/slack/slack-form-values.ts';
import { formSeal } from '../../src/channels/slack/slack-form-seal.ts';

/** The modal title the Slack channel falls back to (slack-delivery.ts). */
const MODAL_TITLE = 'Stronger Communities';
const BLOCK_KIT_BUILDER = 'https://app.slack.com/block-kit-builder/';

export type SlackPreview = { kind: 'message'; message: SlackMessage } | { kind: 'modal'; view: ModalView };
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface PreviewSample {
  card: string;
  /** 1-based position among the card's samples. */
  index: number;
  label: string;
  /** The expanded Adaptive Card (for the browser's renderer), or why expanding failed. */
  adaptiveCard: Outcome<AdaptiveCard>;
  /** What Slack gets: a form opens as a modal, anything else is a message. */
  slack: Outcome<SlackPreview>;
}

export interface PreviewTemplate {
  name: string;
  samples: PreviewSample[];
}

function attempt<T>(work: () => T): Outcome<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    // Shown on the page and counted as a failed card: the point of the preview.
    return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Signed as the bot signs it (same shape and length), with a key of zeros: the preview has no server secret. */
const PREVIEW_SEAL = formSeal(Buffer.alloc(32)).sealFor('preview');

function slackPreview(card: AdaptiveCard): SlackPreview {
  if (hasInputs(card)) return { kind: 'modal', view: renderCardModal(card, { callbackId: 'card-preview', title: MODAL_TITLE, context: formContext({ kind: 'person' }), seal: PREVIEW_SEAL }) };
  return { kind: 'message', message: renderCardMessage(card, JSON.stringify({ text: 'help' })) };
}

function unexpanded(card: AdaptiveCard): AdaptiveCard {
  const left = JSON.stringify(card).match(/\$\{[^}]*\}/);
  if (left) throw new Error(`the template left a binding unexpanded: ${left[0]}`);
  return card;
}

/** Every template file in cards/ (by name), with its samples; a template without samples has none, and the page says so. */
export function previewTemplates(): PreviewTemplate[] {
  const names = readdirSync(CARDS_FOLDER)
    .filter((file) => file.endsWith('.json'))
    .map((file) => path.basename(file, '.json'))
    .sort();
  const entries = sampleEntries();
  return names.map((name) => {
    const ofCard = entries.filter((entry) => entry.card === name);
    const samples = ofCard.map((entry, i): PreviewSample => {
      const adaptiveCard = attempt(() => unexpanded(entry.render()));
      const slack: Outcome<SlackPreview> = adaptiveCard.ok ? attempt(() => slackPreview(adaptiveCard.value)) : { ok: false, error: 'no card to render' };
      return { card: name, index: i + 1, label: entry.label, adaptiveCard, slack };
    });
    return { name, samples };
  });
}

/** What to paste into Block Kit Builder: `{ blocks }` for a message, the view itself for a modal. */
export function builderPayload(preview: SlackPreview): unknown {
  return preview.kind === 'message' ? { blocks: preview.message.blocks } : preview.view;
}

/** Block Kit Builder opened on the payload (Slack's own docs link the builder this way: URI-encoded JSON after `#`). */
export function builderUrl(preview: SlackPreview): string {
  return `${BLOCK_KIT_BUILDER}#${encodeURIComponent(JSON.stringify(builderPayload(preview)))}`;
}
