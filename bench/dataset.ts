// A deterministic, realistic-sized forum data set for the benchmarks: the same seed gives the same
// records every run, so numbers from two runs (or two machines) describe the same work. Written
// through the repository, so every record passes the same schema checks as real data.
import { readAreas } from '../src/domain/areas.ts';
import {
  HATE_STRANDS, INTEL_CATEGORIES, ORGANISATION_KINDS, PROTECTED_CHARACTERISTICS, SOURCE_TYPES, THEME_IDS,
  type Action, type CollectionName, type IntelReport, type Meeting, type Milestone, type MilestoneStatus, type MilestoneUpdate, type Organisation, type Person, type RecordOf, type Theme,
} from '../src/domain/model.ts';
import { openStore } from '../src/store/open-store.ts';
import type { ChangeContext, Repository } from '../src/store/repository.ts';

export interface DatasetSize {
  organisations: number;
  people: number;
  actions: number;
  milestonesPerAction: number;
  updatesPerMilestone: number;
  intelReports: number;
  meetings: number;
}

/** About 1000 milestones with 10 updates each, 5000 intelligence reports and 200 meetings. */
export const FULL_SIZE: DatasetSize = { organisations: 45, people: 320, actions: 200, milestonesPerAction: 5, updatesPerMilestone: 10, intelReports: 5000, meetings: 200 };
export const QUICK_SIZE: DatasetSize = { organisations: 12, people: 40, actions: 20, milestonesPerAction: 5, updatesPerMilestone: 3, intelReports: 300, meetings: 20 };

/** "Today" inside the data set: due dates spread around it, so overdue and due-soon queries find some. */
export const DATASET_TODAY = '2026-06-15';
const BASE_MS = Date.parse(`${DATASET_TODAY}T09:00:00.000Z`);
const DAY_MS = 86_400_000;
const CTX: ChangeContext = { actor: { name: 'benchmark dataset' }, via: 'system' };
/** Records per transaction: big enough to be quick, small enough for a modest journal line. */
const BATCH = 500;

/** mulberry32: a tiny seeded generator; Math.random would make every run different. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const WORDS = ('community cohesion roadshow hate crime reporting grants fund monitoring report forum meeting partners ' +
  'youth volunteers faith leaders ward councillors tension rumour social media event celebration library park ' +
  'school parents training awareness campaign survey residents housing estate neighbourhood police fire health').split(' ');
const MILESTONE_PHRASES = [
  'Hold a community roadshow in', 'Publish the grants fund monitoring report for', 'Review the action plan with partners in',
  'Run hate crime reporting awareness sessions in', 'Recruit volunteers for the celebration event in', 'Survey residents about cohesion in',
];
const STATUS_CYCLE: MilestoneStatus[] = ['not-started', 'on-track', 'on-track', 'delayed', 'on-track', 'off-track', 'complete', 'closed'];

export function buildDataset(size: DatasetSize, seed = 2017) {
  const rnd = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const day = (offsetDays: number) => new Date(BASE_MS + offsetDays * DAY_MS).toISOString().slice(0, 10);
  const instant = (offsetDays: number) => new Date(BASE_MS + Math.round(offsetDays * DAY_MS)).toISOString();
  const wards = readAreas().filter((a) => a.kind === 'ward');

  const themes: Theme[] = THEME_IDS.map((id, order) => ({ id, title: `Theme ${order + 1}: ${id}`, order }));
  const organisations: Organisation[] = Array.from({ length: size.organisations }, (_, i) => ({
    id: `org-${i + 1}`, name: `Partner organisation ${i + 1}`, kind: ORGANISATION_KINDS[i % ORGANISATION_KINDS.length] ?? 'other',
  }));
  const people: Person[] = Array.from({ length: size.people }, (_, i) => ({
    id: `P-${i + 1}`,
    displayName: `Forum member ${i + 1}`,
    organisationId: organisations[i % organisations.length]?.id,
    roles: i < 3 ? ['admin'] : i < 10 ? ['coordinator'] : i % 17 === 0 ? ['member', 'intel-reviewer'] : ['member'],
    identities: i % 3 === 0
      ? [{ platform: 'slack', userId: `U${String(i).padStart(8, '0')}`, teamId: 'T0FORUM01' }]
      : [{ platform: 'teams', aadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, tenantId: 'rotherham-tenant' }],
    createdAt: instant(-700), updatedAt: instant(-700),
  }));

  const actions: Action[] = [];
  const milestones: Milestone[] = [];
  const milestoneUpdates: MilestoneUpdate[] = [];
  for (let a = 0; a < size.actions; a += 1) {
    const themeIndex = a % THEME_IDS.length;
    const action: Action = {
      id: `BSC-${themeIndex}.${Math.floor(a / THEME_IDS.length) + 1}`,
      themeId: THEME_IDS[themeIndex] ?? 'coordination',
      title: `${pick(MILESTONE_PHRASES)} ${pick(wards).name}`,
      lead: { organisationId: pick(organisations).id, role: 'Lead officer', personId: pick(people).id },
      supportingOrganisationIds: [pick(organisations).id, pick(organisations).id],
    };
    actions.push(action);
    for (let m = 1; m <= size.milestonesPerAction; m += 1) {
      const id = `${action.id}-M${m}`;
      const originalDue = day(Math.floor(rnd() * 540) - 270);
      let status: MilestoneStatus = 'not-started';
      let version = 1;
      for (let u = 0; u < size.updatesPerMilestone; u += 1) {
        const previousStatus = status;
        status = STATUS_CYCLE[(u + m) % STATUS_CYCLE.length] ?? 'on-track';
        version += 1;
        milestoneUpdates.push({
          id: `${id}-U${version}`, milestoneId: id, version, status, previousStatus,
          commentary: `Progress: ${words(18)}`,
          ...(status === 'delayed' || status === 'off-track' ? { revisedDue: day(Math.floor(rnd() * 120)) } : {}),
          ...(status === 'complete' ? { evidence: `Evidence: ${words(8)}` } : {}),
          by: pick(people).displayName, via: u % 2 === 0 ? 'teams' : 'slack', at: instant(-400 + u * 30 + rnd()),
        });
      }
      const last = milestoneUpdates.at(-1);
      milestones.push({
        id, actionId: action.id, description: `${pick(MILESTONE_PHRASES)} ${pick(wards).name}: ${words(12)}`,
        owner: { organisationId: pick(organisations).id, role: 'Milestone owner', ...(rnd() < 0.7 ? { personId: pick(people).id } : {}) },
        originalDue, status,
        ...(last?.revisedDue ? { revisedDue: last.revisedDue } : status === 'delayed' || status === 'off-track' ? { revisedDue: day(60) } : {}),
        commentary: last?.commentary ?? `Progress: ${words(18)}`,
        ...(status === 'complete' ? { evidence: `Evidence: ${words(8)}` } : {}),
        updatedBy: last?.by ?? 'seed', updatedAt: last?.at ?? instant(-400), version,
      });
    }
  }

  const intelReports: IntelReport[] = Array.from({ length: size.intelReports }, (_, i) => {
    const category = pick(INTEL_CATEGORIES);
    const reportedDay = -rnd() * 365;
    return {
      id: `INT-${i + 1}`, reportedAt: instant(reportedDay), occurredAt: instant(reportedDay - rnd() * 3),
      reporterPersonId: pick(people).id, reporterVia: i % 2 === 0 ? 'teams' : 'slack',
      areaId: rnd() < 0.9 ? pick(wards).id : 'borough-wide', location: `Near the ${pick(WORDS)} ${pick(['park', 'shops', 'library', 'school'])}`,
      category, hateStrands: category === 'hate-incident' ? [pick(HATE_STRANDS)] : [], communitiesAffected: [pick(PROTECTED_CHARACTERISTICS)],
      description: `Report: ${words(45)}`, sourceType: pick(SOURCE_TYPES), sourceReliability: pick(['reliable', 'untested', 'not-reliable'] as const),
      informationConfidence: pick(['known-directly', 'known-indirectly-corroborated', 'known-indirectly', 'not-known'] as const),
      tensionLevel: 1 + Math.floor(rnd() * 4), tensionTrend: pick(['rising', 'stable', 'falling', 'unknown'] as const),
      reportedToPolice: rnd() < 0.3, handling: rnd() < 0.2 ? 'OFFICIAL-SENSITIVE' : 'OFFICIAL',
      status: pick(['new', 'reviewed', 'actioned', 'closed'] as const), reviewNotes: [], amendments: [],
      retainUntil: day(365 + Math.floor(reportedDay)), version: 1,
    };
  });

  const meetings: Meeting[] = Array.from({ length: size.meetings }, (_, i) => ({
    id: `MTG-${i + 1}`, title: `Stronger Communities Forum ${i + 1}`, startsAt: instant((i - size.meetings * 0.8) * 14 + 0.1),
    location: 'Riverside House, Rotherham', onlineUrl: `https://teams.example.org/meet/${i + 1}`, chair: 'Forum chair',
    agenda: Array.from({ length: 5 }, () => words(6)),
    status: i < size.meetings * 0.8 ? 'held' : 'scheduled',
    rsvps: Array.from({ length: 8 }, (__, r) => ({ personId: pick(people).id, name: `Forum member ${r + 1}`, response: r % 4 === 0 ? 'apologies' : 'attending', at: instant(-30) })),
    version: 1,
  }));

  return { themes, organisations, people, actions, milestones, milestoneUpdates, intelReports, meetings };
}

export type BenchDataset = ReturnType<typeof buildDataset>;

export function datasetCounts(data: BenchDataset): Record<string, number> {
  return Object.fromEntries(Object.entries(data).map(([name, records]) => [name, records.length]));
}

/** Writes the data set into a fresh data folder through the repository, then closes it (a checkpoint). */
export async function writeDataset(dataDir: string, data: BenchDataset): Promise<void> {
  const repo = await openStore({ dataDir, now: () => new Date(BASE_MS), backupsKeep: 1 });
  try {
    // Parents before children, as the seed does.
    await putInBatches(repo, 'themes', data.themes);
    await putInBatches(repo, 'organisations', data.organisations);
    await putInBatches(repo, 'people', data.people);
    await putInBatches(repo, 'actions', data.actions);
    await putInBatches(repo, 'milestones', data.milestones);
    await putInBatches(repo, 'milestoneUpdates', data.milestoneUpdates);
    await putInBatches(repo, 'intelReports', data.intelReports);
    await putInBatches(repo, 'meetings', data.meetings);
  } finally {
    await repo.close();
  }
}

async function putInBatches<C extends CollectionName>(repo: Repository, collection: C, records: readonly RecordOf<C>[]): Promise<void> {
  for (let start = 0; start < records.length; start += BATCH) {
    const batch = records.slice(start, start + BATCH);
    await repo.transact(CTX, (tx) => {
      for (const record of batch) tx.put(collection, record, { action: 'bench.load' });
    });
  }
}
