// The data folder a load run starts from: the real seeded plan, plus one partner officer per
// simulated user (linked to a Teams or a Slack account) who owns one milestone of their own, so
// every officer may update theirs and no two officers race for the same one.
import path from 'node:path';
import { addDays, formatISO } from 'date-fns';
import type { Milestone, Person } from '../../src/domain/model.ts';
import { seedEmptyStore } from '../../src/seed/seed-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { TENANT, type TeamsUser } from '../../test/helpers/teams-activities.ts';
import type { SlackUser } from '../../test/helpers/slack-requests.ts';
import type { LoadMilestone } from './ledger.ts';

export const SEED_FILE = path.resolve(import.meta.dirname, '..', '..', 'storage', 'seed', 'action-plan.json');

export type Officer = { platform: 'teams'; index: number; personId: string; milestoneId: string; account: TeamsUser } | { platform: 'slack'; index: number; personId: string; milestoneId: string; account: SlackUser };

export type OfficerAccount = { platform: 'teams'; account: TeamsUser } | { platform: 'slack'; account: SlackUser };

/** Seeds `dataDir` and adds the officers and their milestones; returns them as the run sees them. */
export interface LoadData {
  officers: Officer[];
  milestones: LoadMilestone[];
  /** The next scheduled meeting (the one `meeting pack` shows), and its version before the run. */
  meeting?: { id: string; versionBefore: number };
}

/** `databaseUrl`: fill that PostgreSQL database instead of the folder (the several-instance tests). */
export async function prepareLoadData(dataDir: string, accounts: OfficerAccount[], now: Date, databaseUrl?: string): Promise<LoadData> {
  const store = await openStore({ dataDir, now: () => now, backupsKeep: 2, ...(databaseUrl ? { databaseUrl } : {}) });
  try {
    await seedEmptyStore(store, { seedPath: SEED_FILE, now });
    const organisations = store.all('organisations').map((o) => o.id);
    const actions = store.all('actions').map((a) => a.id);
    if (organisations.length === 0 || actions.length === 0) throw new Error('the seed has no organisations or actions to give the load officers');
    const due = formatISO(addDays(now, 60), { representation: 'date' });
    const officers = await store.transact({ actor: { name: 'load harness' }, via: 'cli' }, (tx) =>
      accounts.map((entry, index): Officer => {
        const personId = `P-LOAD-${index + 1}`;
        const organisationId = organisations[index % organisations.length] ?? '';
        const identity = entry.platform === 'teams' ? { platform: 'teams' as const, aadObjectId: entry.account.aadObjectId, tenantId: TENANT } : { platform: 'slack' as const, teamId: entry.account.teamId, userId: entry.account.userId };
        const person: Person = { id: personId, displayName: entry.account.name, organisationId, roles: ['member'], identities: [identity], createdAt: tx.now, updatedAt: tx.now };
        const actionId = actions[index % actions.length] ?? '';
        const milestone: Milestone = {
          id: `${actionId}-L${index + 1}`,
          actionId,
          description: `Partner officer ${index + 1} reports progress on the local delivery plan`,
          owner: { organisationId, role: 'Partner officer', personId },
          originalDue: due,
          status: 'on-track',
          updatedAt: tx.now,
          version: 1,
        };
        tx.put('people', person, { action: 'person.add' });
        tx.put('milestones', milestone, { action: 'milestone.add' });
        return entry.platform === 'teams' ? { platform: 'teams', index, personId, milestoneId: milestone.id, account: entry.account } : { platform: 'slack', index, personId, milestoneId: milestone.id, account: entry.account };
      }),
    );
    const next = store
      .all('meetings')
      .filter((m) => m.status === 'scheduled' && m.startsAt >= now.toISOString())
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
    return {
      officers,
      milestones: officers.map((o) => ({ id: o.milestoneId, ownerPersonId: o.personId })),
      ...(next ? { meeting: { id: next.id, versionBefore: next.version } } : {}),
    };
  } finally {
    await store.close();
  }
}
