// The command language's forgiving reading of what people type: any case, extra words,
// punctuation, "please", an @mention already removed by the channel.

export const FILLER: ReadonlySet<string> = new Set(['please', 'pls', 'can', 'could', 'you', 'show', 'me', 'list', 'get', 'give', 'the', 'what', 'are', 'is', 'whats', "what's", 'all', 'of', 'a', 'an', 'i', 'want', 'to', 'see', 'for']);

/** Lower-case words without punctuation (ids like BSC-1.2-M3 keep their dots and dashes). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

/** Drops leading filler ("please show me the ...") but never the words that carry meaning. */
export function withoutLeadingFiller(tokens: string[], keep: ReadonlySet<string>): string[] {
  let start = 0;
  while (start < tokens.length - 1 && FILLER.has(tokens[start] ?? '') && !keep.has(tokens[start] ?? '')) start += 1;
  return tokens.slice(start);
}

/** Edit distance, for "did you mean". */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

/** The closest known word, if it is close enough to be a typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: { word: string; d: number } | undefined;
  for (const candidate of known) {
    const d = distance(word, candidate);
    if (!best || d < best.d) best = { word: candidate, d };
  }
  const allowed = word.length <= 4 ? 1 : 2;
  return best && best.d <= allowed ? best.word : undefined;
}
