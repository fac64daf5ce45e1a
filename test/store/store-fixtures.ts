// Fixture factories for store tests: small valid records with overrides, and a minimal plan.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Action, IntelReport, Milestone, Organisation, Theme } from '../../src/domain/model.ts';
import type { ChangeContext, Repository } from '../../src/store/repository.ts';

const created: string[] = [];

export function tempDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scf-store-'));
  created.push(dir);
  return dir;
}

export function removeTempDataDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const testCtx: ChangeContext = { actor: { name: 'Test Runner', account: 'test' }, via: 'cli' };
export const T0 = '2026-01-05T10:00:00.000Z';

export const aTheme = (o: Partial<Theme> = {}): Theme => ({ id: 'coordination', title: 'Coordination and overarching activity', order: 0, ...o });
export const anOrganisation = (o: Partial<Organisation> = {}): Organisation => ({ id: 'rmbc', name: 'Rotherham Metropolitan Borough Council', kind: 'council', ...o });
export const anAction = (o: Partial<Action> = {}): Action => ({
  id: 'BSC-0.1',
  themeId: 'coordination',
  title: 'Establish the Stronger Communities Forum',
  lead: { organisationId: 'rmbc', role: 'Assistant Chief Executive' },
  supportingOrganisationIds: [],
  ...o,
});
export const aMilestone = (o: Partial<Milestone> = {}): Milestone => ({
  id: 'BSC-0.1-M1',
  actionId: 'BSC-0.1',
  description: 'Forum reviews the action plan',
  owner: { organisationId: 'rmbc', role: 'BSC Coordinator' },
  originalDue: '2026-03-31',
  status: 'not-started',
  updatedAt: T0,
  version: 1,
  ...o,
});
export const anIntelReport = (o: Partial<IntelReport> = {}): IntelReport => ({
  id: 'INT-1',
  reportedAt: T0,
  occurredAt: T0,
  reporterPersonId: 'P-1',
  reporterVia: 'teams',
  areaId: 'E05012996',
  category: 'rumour-or-misinformation',
  hateStrands: [],
  communitiesAffected: [],
  description: 'Rumour circulating online about a planned gathering.',
  sourceType: 'social-media',
  sourceReliability: 'untested',
  informationConfidence: 'known-indirectly',
  tensionLevel: 2,
  tensionTrend: 'rising',
  reportedToPolice: false,
  handling: 'OFFICIAL',
  status: 'new',
  reviewNotes: [],
  amendments: [],
  retainUntil: '2027-01-05',
  version: 1,
  ...o,
});

/** One theme, one organisation, one action and `count` milestones (BSC-0.1-M1...). */
export async function putMinimalPlan(repo: Repository, count = 3): Promise<void> {
  await repo.transact(testCtx, (tx) => {
    tx.put('themes', aTheme(), { action: 'test.setup' });
    tx.put('organisations', anOrganisation(), { action: 'test.setup' });
    tx.put('actions', anAction(), { action: 'test.setup' });
    for (let i = 1; i <= count; i += 1) tx.put('milestones', aMilestone({ id: `BSC-0.1-M${i}` }), { action: 'test.setup' });
  });
}
