// The grants fund's rounds on first start. The 2017 round (the programme the cabinet report set up:
// GBP 5,000 council + GBP 5,000 RTP, open June 2017) is history. Only a local store (no Bot
// Framework credentials) also gets a DEMO round open from a week ago for four weeks, so a newcomer
// can try the whole flow; a production store has no open round until a coordinator opens one.
import { localDate } from '../domain/calendar.ts';
import { addDays, addMonths } from '../domain/values/calendar-date.ts';
import type { GrantRound } from '../domain/grants/grant-records.ts';

const SOCIAL_THEMES: GrantRound['criteria'] = ['civic-pride', 'bringing-together', 'rights-responsibilities', 'opportunity'];

export function seedGrantRounds(now: Date, withDemo: boolean): GrantRound[] {
  const createdAt = now.toISOString();
  const history: GrantRound = {
    id: 'ROUND-2017',
    name: 'Building Stronger Communities small grants 2017',
    opensOn: '2017-06-01',
    closesOn: '2017-07-31',
    programmeEndsOn: '2018-03-31',
    maxAward: 1000,
    criteria: SOCIAL_THEMES,
    budget: { council: 5000, rtp: 5000, external: 0 },
    demo: false,
    createdBy: 'seed',
    createdAt,
    version: 1,
  };
  if (!withDemo) return [history];
  const today = localDate(now);
  const demo: GrantRound = {
    id: 'ROUND-DEMO',
    name: 'DEMO round (for trying the service: not a real fund)',
    opensOn: addDays(today, -7),
    closesOn: addDays(today, 28),
    programmeEndsOn: addMonths(today, 24),
    maxAward: 1000,
    criteria: SOCIAL_THEMES,
    budget: { council: 5000, rtp: 5000, external: 0 },
    demo: true,
    createdBy: 'seed',
    createdAt,
    version: 1,
  };
  return [history, demo];
}
