// Intelligence as card data: the form (empty, or come back with problems or likely identifiers),
// the private confirmation, and the forum's per-ward summary (counts and levels only).
import { TZDate } from '@date-fns/tz';
import { format, parseISO } from 'date-fns';
import type { IntelDetailCard, IntelFormCard, IntelLoggedCard, Notice, TensionsSummaryCard } from '../../cards/card-models.ts';
import { formatInstant } from '../../cards/format.ts';
import { readAreas, type Area } from '../../domain/areas.ts';
import type { IntelReport } from '../../domain/model.ts';
import type { FieldProblem } from '../../domain/errors.ts';
import { INTEL_FORM_FIELDS } from '../card-actions.ts';
import type { IntelSummary } from '../../domain/intel/intel-summary.ts';
import { OCCURRED_DATE } from '../../domain/intel/intel-rules.ts';
import { countFigure, countText, REPORTS } from '../../domain/intel/small-numbers.ts';
import { boundsOn } from '../../domain/values/date-range.ts';
import {
  CATEGORY_LABELS,
  choicesOf,
  COMMUNITY_LABELS,
  CONFIDENCE_LABELS,
  HATE_STRAND_LABELS,
  INTEL_STATUS_LABELS,
  RELIABILITY_LABELS,
  SOURCE_TYPE_LABELS,
  TENSION_LEVEL_LABELS,
  TREND_LABELS,
} from './intel-labels.ts';

let areas: Area[] | undefined;
/** The wards first (alphabetical), then Borough-wide, Outside Rotherham, Unknown. */
export function forumAreas(): Area[] {
  areas ??= readAreas();
  return areas;
}
export const areaName = (id: string): string => forumAreas().find((a) => a.id === id)?.name ?? id;

export type IntelFormValues = IntelFormCard['values'];

export const EMPTY_INTEL_VALUES: IntelFormValues = {
  occurredDate: '', occurredTime: '', areaId: '', location: '', category: '', hateStrands: '', communitiesAffected: '', description: '',
  sourceType: '', sourceReliability: '', informationConfidence: '', tensionLevel: '', tensionTrend: '', reportedToPolice: 'false',
  policeReference: '', actionsTaken: '', handling: 'OFFICIAL',
};

/** When it happened, as people read it: "Sat 5 Dec 2026, 09:40", or the day alone when the time is not known. */
export function occurredText(report: Pick<IntelReport, 'occurredAt' | 'occurredTimeKnown'>, timeZone: string): string {
  if (report.occurredTimeKnown !== false) return formatInstant(report.occurredAt, timeZone);
  return `${format(new TZDate(Date.parse(report.occurredAt), timeZone), 'EEE d MMM yyyy')} (time not known)`;
}

/** Problems by field, several for one field joined; fields the form does not show are left to `errors`. */
function byField(problems: readonly FieldProblem[]): IntelFormCard['fieldProblems'] {
  const shown = new Set<string>(INTEL_FORM_FIELDS);
  const out: Record<string, string> = {};
  for (const { field, message } of problems) {
    if (!shown.has(field)) continue;
    out[field] = out[field] && !out[field].includes(message) ? `${out[field]} ${message}` : message;
  }
  return out;
}

export function intelFormCard(today: string, options: { values?: Partial<IntelFormValues>; errors?: string[]; fieldProblems?: readonly FieldProblem[]; identifiers?: { label: string; text: string }[]; notice?: Notice } = {}): IntelFormCard {
  const bounds = boundsOn(OCCURRED_DATE.range, today);
  return {
    maxDate: bounds.latest ?? today,
    minDate: bounds.earliest ?? '',
    areas: forumAreas().map((a) => ({ title: a.name, value: a.id })),
    categories: choicesOf(CATEGORY_LABELS),
    hateStrands: choicesOf(HATE_STRAND_LABELS),
    communities: choicesOf(COMMUNITY_LABELS),
    sourceTypes: choicesOf(SOURCE_TYPE_LABELS),
    reliability: choicesOf(RELIABILITY_LABELS),
    confidence: choicesOf(CONFIDENCE_LABELS),
    levels: choicesOf(TENSION_LEVEL_LABELS),
    trends: choicesOf(TREND_LABELS),
    values: { ...EMPTY_INTEL_VALUES, occurredDate: today, ...options.values },
    errors: options.errors ?? [],
    fieldProblems: byField(options.fieldProblems ?? []),
    identifiers: options.identifiers ?? [],
    ...(options.notice ? { notice: options.notice } : {}),
  };
}

export function intelLoggedCard(report: IntelReport): IntelLoggedCard {
  return {
    id: report.id,
    areaName: areaName(report.areaId),
    categoryLabel: CATEGORY_LABELS[report.category],
    levelLabel: TENSION_LEVEL_LABELS[report.tensionLevel as 1 | 2 | 3 | 4],
  };
}

const LEVEL_COLOURS = { 1: 'Good', 2: 'Warning', 3: 'Attention', 4: 'Attention' } as const;

export function tensionsSummaryCard(summary: IntelSummary, periodText: string): TensionsSummaryCard {
  const areasWith = summary.wards.length;
  return {
    periodText,
    totalText: areasWith === 0 ? 'No reports in this period.' : `${capitalise(countText(summary.totalReports, REPORTS))} in ${areasWith} area${areasWith === 1 ? '' : 's'}`,
    wards: summary.wards.map((w) => ({
      name: w.name,
      reports: countFigure(w.reports),
      levelLabel: TENSION_LEVEL_LABELS[w.highestLevel as 1 | 2 | 3 | 4],
      levelColour: LEVEL_COLOURS[w.highestLevel as 1 | 2 | 3 | 4],
      trendLabel: TREND_LABELS[w.trend],
      categoriesText: w.topCategories.map((c) => CATEGORY_LABELS[c]).join(', '),
    })),
    weeks: summary.weekly.map((w) => ({
      text: `w/c ${format(parseISO(w.weekStart), 'EEE d MMM')}: ${countText(w.reports, REPORTS)}${w.highestLevel > 0 ? `, highest level ${w.highestLevel}` : ''}`,
    })),
  };
}

export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const NEXT_STATUS = { new: 'reviewed', reviewed: 'actioned', actioned: 'closed', closed: 'closed' } as const;

export function intelDetailCard(report: IntelReport, reporterName: string, timeZone: string, options: { canReview: boolean; notice?: Notice; amending?: boolean }): IntelDetailCard {
  const when = (iso: string) => formatInstant(iso, timeZone);
  return {
    id: report.id,
    handling: report.handling,
    handlingColour: report.handling === 'OFFICIAL-SENSITIVE' ? 'Attention' : 'Default',
    statusLabel: INTEL_STATUS_LABELS[report.status],
    occurredText: occurredText(report, timeZone),
    reportedText: when(report.reportedAt),
    areaName: areaName(report.areaId),
    categoryLabel: CATEGORY_LABELS[report.category],
    levelLabel: TENSION_LEVEL_LABELS[report.tensionLevel as 1 | 2 | 3 | 4],
    trendLabel: TREND_LABELS[report.tensionTrend],
    sourceText: `${SOURCE_TYPE_LABELS[report.sourceType]} (${RELIABILITY_LABELS[report.sourceReliability].toLowerCase()}; ${CONFIDENCE_LABELS[report.informationConfidence].toLowerCase()})`,
    policeText: report.reportedToPolice ? `Yes${report.policeReference ? `, reference ${report.policeReference}` : ''}` : 'No',
    ...(report.location ? { location: report.location } : {}),
    description: report.description,
    ...(report.actionsTaken ? { actionsTaken: report.actionsTaken } : {}),
    strandsText: `Hate strands: ${report.hateStrands.map((h) => HATE_STRAND_LABELS[h]).join(', ') || 'none'}. Communities affected: ${report.communitiesAffected.map((c) => COMMUNITY_LABELS[c]).join(', ') || 'none given'}.`,
    reporter: reporterName,
    reviewNotes: report.reviewNotes.map((n) => ({ when: when(n.at), statusLabel: INTEL_STATUS_LABELS[n.status], by: n.by, note: n.note })),
    canReview: options.canReview && report.status !== 'closed',
    version: report.version,
    nextStatus: NEXT_STATUS[report.status],
    ...(options.notice ? { notice: options.notice } : {}),
    ...(options.amending && options.canReview && report.status !== 'closed'
      ? { amending: true, amendValues: { description: report.description, location: report.location ?? '', actionsTaken: report.actionsTaken ?? '' } }
      : {}),
  };
}

