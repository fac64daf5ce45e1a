// The forum's picture of community tensions: per ward, how many reports, the highest tension level,
// the trend and the commonest categories; and borough-wide, week by week. Anyone on the forum may
// see it, so it is built from counts and levels only: it never copies a description, location,
// source, police reference, reporter or report id into its output. OFFICIAL-SENSITIVE reports are
// counted like the others (a number says nothing about what was reported). Its counts are
// published counts (small-numbers.ts): 1 and 2 come out as "fewer than 3", so no view built on
// it can show a number that points at one family.
import { listAreas } from '../areas.ts';
import { localDate } from '../calendar.ts';
import { INTEL_CATEGORIES, type IntelReport } from '../model.ts';
import type { ReadView } from '../../store/repository.ts';
import { checkPeriod } from './intel-access.ts';
import { addDays, canonicalInstant, mondayOf, periodBounds, startOfLocalDay } from './intel-dates.ts';
import { orderValue, publishedCount, type PublishedCount } from './small-numbers.ts';

export type IntelCategory = IntelReport['category'];
export type TensionTrend = IntelReport['tensionTrend'];

export interface SummaryPeriod {
  /** First local date, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last local date, inclusive. */
  to: string;
}

export interface WardSummary {
  /** A ward's code, or borough-wide / outside-rotherham / unknown. */
  areaId: string;
  name: string;
  reports: PublishedCount;
  highestLevel: number;
  trend: TensionTrend;
  /** Up to three, commonest first (ties in the order of the category list). */
  topCategories: IntelCategory[];
}

export interface WeekSummary {
  /** The Monday the week starts (local date); the first and last weeks may run outside the period. */
  weekStart: string;
  /** Reports in the period that happened this week. */
  reports: PublishedCount;
  /** 0 when the week had no reports. */
  highestLevel: number;
}

export interface IntelSummary {
  period: SummaryPeriod;
  totalReports: PublishedCount;
  /** Areas with at least one report: highest level first, then most reports (suppressed counts tie), then by name. */
  wards: WardSummary[];
  /** Every week of the period, oldest first, empty weeks included. */
  weekly: WeekSummary[];
}

/** A ward's trend is "rising" when its last 7 days had at least this many reports, and more than the 7 before. */
export const RISING_MIN_REPORTS = 2;

interface WardTally {
  reports: number;
  highestLevel: number;
  lastWeek: number;
  weekBefore: number;
  latestAt: string;
  latestTrend: TensionTrend;
  categories: Map<IntelCategory, number>;
}

/**
 * The summary for the local dates `period.from`..`period.to`, by when each report happened.
 * Trend rule: a ward whose reports in the period's last 7 days number at least RISING_MIN_REPORTS
 * and exceed those of the 7 days before is "rising" (the counts speak); otherwise the trend is the
 * one the reporter gave on the ward's most recent report (their judgement on the ground).
 */
export function intelSummary(view: ReadView, period: SummaryPeriod, timeZone: string): IntelSummary {
  checkPeriod(period);
  // Bounds as canonical ISO strings: compared with each report's time without parsing it.
  const iso = (ms: number) => new Date(ms).toISOString();
  const bounds = periodBounds(period.from, period.to, timeZone);
  const start = iso(bounds.start);
  const end = iso(bounds.end);
  const lastWeekStart = iso(startOfLocalDay(addDays(period.to, -6), timeZone));
  const weekBeforeStart = iso(startOfLocalDay(addDays(period.to, -13), timeZone));

  const weekStarts: string[] = [];
  for (let day = mondayOf(period.from); day <= period.to; day = addDays(day, 7)) weekStarts.push(day);
  const weekStartAt = weekStarts.map((d) => iso(startOfLocalDay(d, timeZone)));
  const weekly = weekStarts.map((weekStart) => ({ weekStart, reports: 0, highestLevel: 0 }));

  const tallies = new Map<string, WardTally>();
  let totalReports = 0;
  for (const r of view.all('intelReports')) {
    const at = canonicalInstant(r.occurredAt);
    if (!(at >= start && at < end)) continue;
    totalReports += 1;
    const week = weekly[weekIndex(weekStartAt, at)];
    if (week) {
      week.reports += 1;
      week.highestLevel = Math.max(week.highestLevel, r.tensionLevel);
    }
    let tally = tallies.get(r.areaId);
    if (!tally) {
      tally = { reports: 0, highestLevel: 0, lastWeek: 0, weekBefore: 0, latestAt: '', latestTrend: 'unknown', categories: new Map() };
      tallies.set(r.areaId, tally);
    }
    tally.reports += 1;
    tally.highestLevel = Math.max(tally.highestLevel, r.tensionLevel);
    if (at >= lastWeekStart) tally.lastWeek += 1;
    else if (at >= weekBeforeStart) tally.weekBefore += 1;
    if (at >= tally.latestAt) {
      tally.latestAt = at;
      tally.latestTrend = r.tensionTrend;
    }
    tally.categories.set(r.category, (tally.categories.get(r.category) ?? 0) + 1);
  }

  const names = new Map(listAreas().map((a) => [a.id, a.name]));
  const wards: WardSummary[] = [...tallies].map(([areaId, t]) => ({
    areaId,
    name: names.get(areaId) ?? areaId,
    reports: publishedCount(t.reports),
    highestLevel: t.highestLevel,
    trend: t.lastWeek >= RISING_MIN_REPORTS && t.lastWeek > t.weekBefore ? 'rising' : t.latestTrend,
    topCategories: topCategories(t.categories),
  }));
  // Ordered by published counts: the order of two suppressed wards must not tell 2 from 1.
  wards.sort((a, b) => b.highestLevel - a.highestLevel || orderValue(b.reports) - orderValue(a.reports) || a.name.localeCompare(b.name, 'en-GB'));
  return {
    period: { from: period.from, to: period.to },
    totalReports: publishedCount(totalReports),
    wards,
    weekly: weekly.map((w) => ({ ...w, reports: publishedCount(w.reports) })),
  };
}

/** The last week starting at or before `at` (binary search: the weeks are in order). */
function weekIndex(weekStartAt: readonly string[], at: string): number {
  let lo = 0;
  let hi = weekStartAt.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((weekStartAt[mid] ?? '\uffff') <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const CATEGORY_ORDER = new Map(INTEL_CATEGORIES.map((c, i) => [c, i]));

function topCategories(counts: ReadonlyMap<IntelCategory, number>): IntelCategory[] {
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (CATEGORY_ORDER.get(a) ?? 0) - (CATEGORY_ORDER.get(b) ?? 0))
    .slice(0, 3)
    .map(([category]) => category);
}

/**
 * The default period: from the day of the last forum meeting (held, or scheduled and already
 * started: a meeting nobody marked as held still happened) to today; with no such meeting, the
 * last 28 days (today and the 27 before). Cancelled meetings do not count.
 */
export function defaultSummaryPeriod(view: ReadView, now: Date, timeZone: string): SummaryPeriod {
  const today = localDate(now, timeZone);
  let last: number | undefined;
  for (const m of view.all('meetings')) {
    if (m.status === 'cancelled') continue;
    const at = Date.parse(m.startsAt);
    if (at <= now.getTime() && (last === undefined || at > last)) last = at;
  }
  return { from: last === undefined ? addDays(today, -27) : localDate(new Date(last), timeZone), to: today };
}
