// The year-end monitoring report the cabinet report asks for: for one financial year, the use of
// the grant per funding source (the council's own contribution shown on its own), awards by theme
// and by ward, spend against budget, outcomes from monitoring returns, and what is outstanding.
// Days are London calendar days; an award belongs to the year it was decided in, a payment to the
// year it was paid in, a return to the year it was received in.
import { localDate } from '../calendar.ts';
import type { ReadView } from '../../store/repository.ts';
import type { ThemeId } from '../theme-ids.ts';
import type { FinancialYear } from './financial-year.ts';
import { FUNDING_SOURCES, type FundingSource } from './grant-records.ts';
import { totalOf } from './grant-budget.ts';

export interface SourceLine {
  source: FundingSource;
  /** Budgets of the rounds open at some point in the year. */
  budget: number;
  awards: number;
  awarded: number;
  paid: number;
  /** Awarded in the year and not yet paid (as of the report). */
  unpaid: number;
}

export interface CountAndAmount {
  awards: number;
  amount: number;
}

export interface YearEndReport {
  year: FinancialYear;
  sources: SourceLine[];
  total: Omit<SourceLine, 'source'>;
  applications: { received: number; awarded: number; declined: number; undecided: number };
  /** An award with several themes (or wards) counts under each, with its whole amount. */
  byTheme: Partial<Record<ThemeId, CountAndAmount>>;
  byWard: Record<string, CountAndAmount>;
  outcomes: { returnsReceived: number; peopleReached: number; moneySpent: number; highlights: { reference: string; text: string }[] };
  outstanding: { returnsOverdue: number; returnsDueLater: number; unpaidAwards: number; unpaidAmount: number };
}

const inYear = (day: string, year: FinancialYear) => year.from <= day && day <= year.to;

export function yearEndReport(view: ReadView, year: FinancialYear, now: Date): YearEndReport {
  const today = localDate(now);
  const rounds = view.all('grantRounds').filter((r) => r.opensOn <= year.to && r.closesOn >= year.from);
  const decisions = view.all('grantDecisions').filter((d) => inYear(localDate(new Date(d.at)), year));
  const awards = decisions.filter((d) => d.outcome === 'award');
  const paymentsInYear = view.all('grantPayments').filter((p) => inYear(p.paidOn, year));
  const paidTowards = (applicationId: string, source: FundingSource) => view.all('grantPayments').filter((p) => p.applicationId === applicationId && p.source === source).reduce((n, p) => n + p.amount, 0);

  const sources: SourceLine[] = FUNDING_SOURCES.map((source) => ({
    source,
    budget: rounds.reduce((n, r) => n + r.budget[source], 0),
    awards: awards.filter((d) => d.amounts[source] > 0).length,
    awarded: awards.reduce((n, d) => n + d.amounts[source], 0),
    paid: paymentsInYear.filter((p) => p.source === source).reduce((n, p) => n + p.amount, 0),
    unpaid: awards.reduce((n, d) => n + Math.max(0, d.amounts[source] - paidTowards(d.applicationId, source)), 0),
  }));
  const sum = (key: 'budget' | 'awarded' | 'paid' | 'unpaid') => sources.reduce((n, s) => n + s[key], 0);

  const byTheme: YearEndReport['byTheme'] = {};
  const byWard: YearEndReport['byWard'] = {};
  for (const decision of awards) {
    const application = view.get('grantApplications', decision.applicationId);
    if (!application) continue;
    const amount = totalOf(decision.amounts);
    for (const theme of application.themes) byTheme[theme] = { awards: (byTheme[theme]?.awards ?? 0) + 1, amount: (byTheme[theme]?.amount ?? 0) + amount };
    for (const ward of application.wards) byWard[ward] = { awards: (byWard[ward]?.awards ?? 0) + 1, amount: (byWard[ward]?.amount ?? 0) + amount };
  }

  const received = view.all('grantReturns').filter((r) => r.received && inYear(localDate(new Date(r.received.at)), year));
  const open = view.all('grantReturns').filter((r) => !r.received && awards.some((d) => d.applicationId === r.applicationId));
  const applicationsInYear = view.all('grantApplications').filter((a) => inYear(localDate(new Date(a.submittedAt)), year));
  const unpaidAwards = awards.filter((d) => FUNDING_SOURCES.some((s) => d.amounts[s] > paidTowards(d.applicationId, s)));

  return {
    year,
    sources,
    total: { budget: sum('budget'), awards: awards.length, awarded: sum('awarded'), paid: sum('paid'), unpaid: sum('unpaid') },
    applications: {
      received: applicationsInYear.length,
      awarded: decisions.filter((d) => d.outcome === 'award').length,
      declined: decisions.filter((d) => d.outcome === 'decline').length,
      undecided: applicationsInYear.filter((a) => a.status === 'submitted').length,
    },
    byTheme,
    byWard,
    outcomes: {
      returnsReceived: received.length,
      peopleReached: received.reduce((n, r) => n + (r.received?.peopleReached ?? 0), 0),
      moneySpent: received.reduce((n, r) => n + (r.received?.moneySpent ?? 0), 0),
      highlights: received.slice(0, 20).map((r) => ({ reference: r.applicationId, text: r.received?.whatWasDone ?? '' })),
    },
    outstanding: {
      returnsOverdue: open.filter((r) => r.dueOn < today).length,
      returnsDueLater: open.filter((r) => r.dueOn >= today).length,
      unpaidAwards: unpaidAwards.length,
      unpaidAmount: sum('unpaid'),
    },
  };
}
