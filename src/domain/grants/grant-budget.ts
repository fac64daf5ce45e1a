// A round's money at a glance, per funding source: the budget, what awards have committed, what
// has been paid, and what is left to award. Pure: the decision service calls it inside its
// transaction (so the check and the award are decided on the same data), views call it to show.
import type { ReadView } from '../../store/repository.ts';
import { FUNDING_SOURCES, type FundingSource, type GrantRound, type PerSource } from './grant-records.ts';

export interface SourceMoney {
  budget: number;
  committed: number;
  paid: number;
  remaining: number;
}

export type RoundMoney = Record<FundingSource, SourceMoney> & { total: SourceMoney };

export const ZERO: PerSource = { council: 0, rtp: 0, external: 0 };

export const totalOf = (amounts: PerSource): number => amounts.council + amounts.rtp + amounts.external;

export function roundMoney(view: ReadView, round: Pick<GrantRound, 'id' | 'budget'>): RoundMoney {
  const committed: PerSource = { ...ZERO };
  const paid: PerSource = { ...ZERO };
  for (const decision of view.all('grantDecisions')) {
    if (decision.roundId !== round.id || decision.outcome !== 'award') continue;
    for (const source of FUNDING_SOURCES) committed[source] += decision.amounts[source];
  }
  for (const payment of view.all('grantPayments')) if (payment.roundId === round.id) paid[payment.source] += payment.amount;
  const money = (source: FundingSource): SourceMoney => ({ budget: round.budget[source], committed: committed[source], paid: paid[source], remaining: round.budget[source] - committed[source] });
  const bySource = Object.fromEntries(FUNDING_SOURCES.map((s) => [s, money(s)])) as Record<FundingSource, SourceMoney>;
  const sum = (key: keyof SourceMoney) => FUNDING_SOURCES.reduce((n, s) => n + bySource[s][key], 0);
  return { ...bySource, total: { budget: sum('budget'), committed: sum('committed'), paid: sum('paid'), remaining: sum('remaining') } };
}
