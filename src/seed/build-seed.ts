// Turns the parsed seed file into store records as of the moment the store is created. Relative
// days are counted on the Europe/London calendar (the forum's calendar), and meeting times are
// London wall-clock times turned into UTC instants, so 14:00 is 14:00Z in winter and 13:00Z in summer.
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, format, isWeekend, nextMonday, startOfDay } from 'date-fns';
import { ForumError } from '../domain/errors.ts';
import type { Action, Dataset, Meeting, Milestone, MilestoneUpdate } from '../domain/model.ts';
import type { DateSpec, SeedFile, SeedMeeting, SeedMilestone } from './seed-file.ts';

export type SeedRecords = Pick<Dataset, 'themes' | 'organisations' | 'actions' | 'milestones' | 'milestoneUpdates' | 'meetings'>;

export const FORUM_TIME_ZONE = 'Europe/London';
const SEED_ACTOR = 'seed';
const SEED_UPDATE_BY = 'Seed action plan';

/** Resolves date specs against one creation day; every result is a London calendar day. */
export function dateResolver(createdAt: Date): (spec: DateSpec) => string {
  const today = startOfDay(new TZDate(createdAt.getTime(), FORUM_TIME_ZONE));
  return (spec) => {
    switch (spec.kind) {
      case 'fixed':
        return spec.date;
      case 'offset':
        return format(spec.unit === 'days' ? addDays(today, spec.amount) : addMonths(today, spec.amount), 'yyyy-MM-dd');
      case 'annual': {
        const on = (year: number) => new TZDate(year, spec.month - 1, spec.day, FORUM_TIME_ZONE);
        const year = today.getFullYear();
        const day =
          spec.which === 'next'
            ? on(year) < today ? on(year + 1) : on(year)
            : on(year) < today ? on(year) : on(year - 1);
        return format(day, 'yyyy-MM-dd');
      }
      default: {
        const unreachable: never = spec;
        return unreachable;
      }
    }
  };
}

/** The UTC instant of a London wall-clock time on a calendar day. */
export function londonTimeToUtc(day: string, time: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, FORUM_TIME_ZONE).getTime()).toISOString();
}

/** The moment the store is created, and the resolver for its calendar. */
interface SeedClock {
  resolve: (spec: DateSpec) => string;
  today: string;
  createdAt: string;
}

function buildMilestone(actionId: string, seed: SeedMilestone, { resolve, today, createdAt }: SeedClock): Milestone {
  let updatedAt = createdAt;
  if (seed.completedOn) {
    const completedOn = resolve(seed.completedOn);
    if (completedOn > today) {
      throw new ForumError('IMPORT_INVALID', `Seed milestone ${seed.id} is completed on ${completedOn} (${seed.completedOn.text}), after the store was created.`);
    }
    // Noon UTC falls on the same London calendar day in GMT and BST; never later than creation.
    const noon = `${completedOn}T12:00:00.000Z`;
    updatedAt = noon < createdAt ? noon : createdAt;
  }
  return {
    id: seed.id,
    actionId,
    description: seed.description,
    owner: seed.owner,
    originalDue: resolve(seed.due),
    ...(seed.revisedDue && { revisedDue: resolve(seed.revisedDue) }),
    status: seed.status,
    ...(seed.commentary && { commentary: seed.commentary }),
    ...(seed.evidence && { evidence: seed.evidence }),
    updatedBy: SEED_ACTOR,
    updatedAt,
    version: 1,
  };
}

/** The history entry explaining a milestone's seeded status; a not-started one has nothing to explain. */
function seedUpdate(m: Milestone): MilestoneUpdate | undefined {
  if (m.status === 'not-started') return undefined;
  return {
    id: `${m.id}-U1`,
    milestoneId: m.id,
    version: m.version,
    status: m.status,
    ...(m.commentary && { commentary: m.commentary }),
    ...(m.revisedDue && { revisedDue: m.revisedDue }),
    ...(m.evidence && { evidence: m.evidence }),
    by: SEED_UPDATE_BY,
    via: 'seed',
    at: m.updatedAt,
  };
}

/**
 * A meeting's calendar day. The forum meets on working days, and a relative day can land on any
 * day of the week, so a relative Saturday or Sunday moves to the Monday after; a fixed date is kept.
 */
function meetingDay(spec: DateSpec, resolve: SeedClock['resolve']): string {
  const day = resolve(spec);
  if (spec.kind === 'fixed') return day;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const local = new TZDate(y, m - 1, d, FORUM_TIME_ZONE);
  return isWeekend(local) ? format(nextMonday(local), 'yyyy-MM-dd') : day;
}

function buildMeeting(seed: SeedMeeting, index: number, { resolve, createdAt }: SeedClock): Meeting {
  const startsAt = londonTimeToUtc(meetingDay(seed.startsAt.in, resolve), seed.startsAt.at);
  if (seed.status === 'held' && startsAt > createdAt) {
    throw new ForumError('IMPORT_INVALID', `Seed meeting "${seed.title}" (${seed.startsAt.in.text}) is marked held but starts after the store was created.`);
  }
  return {
    // Ids follow file order, so the same seed file always yields the same ids.
    id: `MTG-${index + 1}`,
    title: seed.title,
    startsAt,
    ...(seed.endsAt && { endsAt: londonTimeToUtc(meetingDay(seed.endsAt.in, resolve), seed.endsAt.at) }),
    ...(seed.location && { location: seed.location }),
    ...(seed.onlineUrl && { onlineUrl: seed.onlineUrl }),
    ...(seed.chair && { chair: seed.chair }),
    agenda: seed.agenda,
    status: seed.status,
    rsvps: [],
    version: 1,
  };
}

export function buildSeedRecords(seed: SeedFile, createdAt: Date): SeedRecords {
  const resolve = dateResolver(createdAt);
  const clock: SeedClock = { resolve, today: resolve({ kind: 'offset', text: '+0d', amount: 0, unit: 'days' }), createdAt: createdAt.toISOString() };
  const actions: Action[] = seed.actions.map(({ milestones: _milestones, source: _source, ...action }) => action);
  const milestones = seed.actions.flatMap((a) => a.milestones.map((m) => buildMilestone(a.id, m, clock)));
  return {
    themes: seed.themes.map((t) => ({ ...t })),
    organisations: seed.organisations.map((o) => ({ ...o })),
    actions,
    milestones,
    milestoneUpdates: milestones.flatMap((m) => seedUpdate(m) ?? []),
    meetings: seed.meetings.map((m, i) => buildMeeting(m, i, clock)),
  };
}
