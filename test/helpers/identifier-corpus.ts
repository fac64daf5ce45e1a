// Measuring the personal-data check against the labelled corpus in test/fixtures/identifiers/:
// recall per kind (a labelled identifier counts as caught when a finding of the same kind overlaps
// it) and false alarms (an ordinary text, one with no labels, with any finding at all).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { findIdentifiers, IDENTIFIER_KINDS, type IdentifierFinding } from '../../src/domain/intel/personal-data.ts';

export const CORPUS_FILE = new URL('../fixtures/identifiers/corpus.json', import.meta.url);

// The corpus names its own kinds (the check's kinds, as labelled): a kind the check does not know
// is measured all the same, and scores nothing.
const labelSchema = z.strictObject({ kind: z.string().min(1), text: z.string().min(1), start: z.number().int().nonnegative() });
const corpusSchema = z.strictObject({
  about: z.string(),
  kinds: z.array(z.string().min(1)),
  texts: z.array(z.strictObject({ id: z.string(), half: z.enum(['tuning', 'held-out']), text: z.string().min(1), labels: z.array(labelSchema) })),
});
export type CorpusText = z.infer<typeof corpusSchema>['texts'][number];
export type Half = CorpusText['half'];

/** The corpus, parsed; every label must be of a listed kind and the exact text at its start. */
export function readCorpus(): CorpusText[] {
  const corpus = corpusSchema.parse(JSON.parse(readFileSync(CORPUS_FILE, 'utf8')));
  for (const t of corpus.texts) {
    for (const l of t.labels) {
      if (!corpus.kinds.includes(l.kind)) throw new Error(`${t.id}: label kind "${l.kind}" is not one of the corpus's kinds`);
      if (t.text.slice(l.start, l.start + l.text.length) !== l.text) throw new Error(`${t.id}: label "${l.text}" is not at ${l.start}`);
    }
  }
  return corpus.texts;
}

export interface KindScore {
  kind: string;
  labelled: number;
  caught: number;
  /** caught / labelled, or undefined when nothing of the kind is labelled. */
  recall: number | undefined;
}

export interface Measurement {
  half: Half;
  kinds: KindScore[];
  ordinaryTexts: number;
  falseAlarmTexts: number;
  falseAlarmRate: number;
  /** For tuning: what was missed, and what was found in ordinary text. */
  misses: { id: string; kind: string; text: string; found: IdentifierFinding[] }[];
  falseAlarms: { id: string; text: string; found: IdentifierFinding[] }[];
}

export function measure(texts: readonly CorpusText[], half: Half): Measurement {
  const scores = new Map<string, { labelled: number; caught: number }>(IDENTIFIER_KINDS.map((k) => [k, { labelled: 0, caught: 0 }]));
  const misses: Measurement['misses'] = [];
  const falseAlarms: Measurement['falseAlarms'] = [];
  let ordinaryTexts = 0;
  for (const t of texts.filter((x) => x.half === half)) {
    const found = findIdentifiers(t.text);
    if (t.labels.length === 0) {
      ordinaryTexts += 1;
      if (found.length > 0) falseAlarms.push({ id: t.id, text: t.text, found });
      continue;
    }
    for (const label of t.labels) {
      const score = scores.get(label.kind) ?? { labelled: 0, caught: 0 };
      scores.set(label.kind, score);
      score.labelled += 1;
      const end = label.start + label.text.length;
      if (found.some((f) => f.kind === label.kind && f.index < end && label.start < f.index + f.text.length)) score.caught += 1;
      else misses.push({ id: t.id, kind: label.kind, text: label.text, found });
    }
  }
  const kinds = [...scores].map(([kind, s]) => ({ kind, ...s, recall: s.labelled === 0 ? undefined : s.caught / s.labelled }));
  return { half, kinds, ordinaryTexts, falseAlarmTexts: falseAlarms.length, falseAlarmRate: ordinaryTexts === 0 ? 0 : falseAlarms.length / ordinaryTexts, misses, falseAlarms };
}

const percent = (x: number | undefined) => (x === undefined ? 'n/a' : `${(100 * x).toFixed(1)} %`);

/** A Markdown table of one or more halves, kinds as rows. */
export function table(measurements: readonly Measurement[]): string {
  const head = `| Kind | ${measurements.map((m) => `${m.half}: caught / labelled | recall`).join(' | ')} |`;
  const rule = `|---|${measurements.map(() => '---|---').join('|')}|`;
  const kinds = [...new Set(measurements.flatMap((m) => m.kinds.map((k) => k.kind)))];
  const rows = kinds.map((kind) => {
    const cells = measurements.map((m) => {
      const s = m.kinds.find((k) => k.kind === kind);
      return `${s?.caught ?? 0} / ${s?.labelled ?? 0} | ${percent(s?.recall)}`;
    });
    return `| ${kind} | ${cells.join(' | ')} |`;
  });
  const alarms = `| false alarms (ordinary texts with any finding) | ${measurements.map((m) => `${m.falseAlarmTexts} / ${m.ordinaryTexts} | ${percent(m.falseAlarmRate)}`).join(' | ')} |`;
  return [head, rule, ...rows, alarms].join('\n');
}
