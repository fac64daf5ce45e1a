// Small-number suppression: a count of intelligence reports shown to the forum is never 1 or 2,
// because "one report in Keppel this week" can point at one family. Counts from 1 to
// SMALL_NUMBER_LIMIT - 1 are published as "fewer than 3"; nothing and 3 or more are published as
// they are. The summary (intel-summary.ts) hands views only published counts, so no view can show
// an exact small number by mistake, and every view words them with countText below.
//
// Known limit (docs/data-protection.md, "Small numbers"): a total shown beside suppressed counts
// narrows them by subtraction; the total is kept because the forum needs it, and the levels and
// categories of a suppressed ward are kept because they are what the forum acts on.

/** Counts below this (and above zero) are shown as "fewer than" it. */
export const SMALL_NUMBER_LIMIT = 3;

/** A count as the forum may see it: exact, or only "fewer than SMALL_NUMBER_LIMIT" (never zero). */
export type PublishedCount = { readonly kind: 'exact'; readonly exact: number } | { readonly kind: 'fewer-than'; readonly fewerThan: typeof SMALL_NUMBER_LIMIT };

export function publishedCount(n: number): PublishedCount {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a count must be a whole number, 0 or more (was ${n})`);
  return n > 0 && n < SMALL_NUMBER_LIMIT ? { kind: 'fewer-than', fewerThan: SMALL_NUMBER_LIMIT } : { kind: 'exact', exact: n };
}

/** For ordering only: a suppressed count sorts as if it were 1, so two suppressed counts tie. */
export function orderValue(count: PublishedCount): number {
  return count.kind === 'fewer-than' ? 1 : count.exact;
}

/** "no reports", "fewer than 3 reports", "7 reports" (`none` overrides the first). */
export function countText(count: PublishedCount, noun: { one: string; many: string; none?: string }): string {
  if (count.kind === 'fewer-than') return `fewer than ${count.fewerThan} ${noun.many}`;
  if (count.exact === 0) return noun.none ?? `no ${noun.many}`;
  return `${count.exact} ${count.exact === 1 ? noun.one : noun.many}`;
}

/** The number alone, for a table column: "fewer than 3" or "7". */
export function countFigure(count: PublishedCount): string {
  return count.kind === 'fewer-than' ? `fewer than ${count.fewerThan}` : String(count.exact);
}

export const REPORTS = { one: 'report', many: 'reports' } as const;
