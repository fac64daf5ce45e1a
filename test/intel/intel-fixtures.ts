// Fixtures for the intelligence tests: people in each role, a valid draft with overrides, a store
// in a temp folder on a fixed clock, and the audit entries of a store as text.
import type { IntelReport, Person, Role } from '../../src/domain/model.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { ChangeContext, Repository } from '../../src/store/repository.ts';
import { anIntelReport, tempDataDir } from '../store/store-fixtures.ts';

/** "Now" in these tests: a Thursday, 19:00 in Rotherham (British Summer Time). */
export const NOW = new Date('2026-06-11T18:00:00.000Z');
export const TODAY = '2026-06-11';
export const BOSTON_CASTLE = 'E05012996';
export const ROTHER_VALLEY = 'E05013009';
export const KEPPEL = 'E05013004';

export function aPerson(id: string, roles: Role[], o: Partial<Person> = {}): Person {
  return { id, displayName: `Person ${id}`, organisationId: 'rmbc', roles, identities: [], createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), ...o };
}

export const people = {
  reporter: aPerson('P-REPORTER', ['member']),
  otherMember: aPerson('P-OTHER', ['member']),
  noRoles: aPerson('P-NONE', []),
  coordinator: aPerson('P-COORD', ['coordinator']),
  reviewer: aPerson('P-REVIEWER', ['member', 'intel-reviewer']),
  admin: aPerson('P-ADMIN', ['admin']),
};

export const ctxOf = (person: Person, via: 'teams' | 'slack' = 'teams'): ChangeContext => ({ actor: { personId: person.id, name: person.displayName, account: `${via}:${person.id}` }, via });

export const SECRET_DESCRIPTION = 'Crowd gathered outside the community centre shouting at worshippers leaving evening prayers';
export const SECRET_LOCATION = 'Outside the community centre on Wellgate';
export const SECRET_ACTIONS = 'Spoke to the centre manager and the neighbourhood team';

/** A draft as the form sends it, valid on NOW; override any field. */
export function aDraft(o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    occurredDate: '2026-06-10',
    occurredTime: '20:30',
    areaId: BOSTON_CASTLE,
    location: SECRET_LOCATION,
    category: 'inter-community-dispute',
    hateStrands: [],
    communitiesAffected: ['religion-or-belief'],
    description: SECRET_DESCRIPTION,
    sourceType: 'own-observation',
    sourceReliability: 'reliable',
    informationConfidence: 'known-directly',
    tensionLevel: 2,
    tensionTrend: 'stable',
    reportedToPolice: false,
    actionsTaken: SECRET_ACTIONS,
    handling: 'OFFICIAL',
    ...o,
  };
}

export async function openTestStore(now: () => Date = () => NOW): Promise<Repository> {
  const repo = await openStore({ dataDir: tempDataDir(), now });
  await repo.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
    for (const p of Object.values(people)) tx.put('people', p, { action: 'test.setup' });
  });
  return repo;
}

/** Puts reports straight into the store (no rules), e.g. to set up a summary. */
export async function putReports(repo: Repository, reports: IntelReport[]): Promise<void> {
  await repo.transact({ actor: { name: 'test setup' }, via: 'cli' }, (tx) => {
    for (const r of reports) tx.put('intelReports', r, { action: 'test.setup' });
  });
}

export const aReport = anIntelReport;

/** Every audit entry whose action starts with `intel.`, oldest first. */
export async function intelAudit(repo: Repository): Promise<Awaited<ReturnType<Repository['readAudit']>>> {
  return (await repo.readAudit()).filter((e) => e.action.startsWith('intel.')).reverse();
}
