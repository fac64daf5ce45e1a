// Setting up who is who in a running bot's store for a test: people linked to Teams or Slack
// accounts, and milestones assigned to them (as a coordinator would through the plan import).
import type { Person, Role } from '../../src/domain/model.ts';
import type { Repository } from '../../src/store/repository.ts';
import { TENANT, type TeamsUser } from './teams-activities.ts';

const setup = { actor: { name: 'test setup' }, via: 'cli' } as const;

/** `tenantId`: the person's own tenant (another organisation's, for a shared-channel member); the test tenant otherwise. */
export async function registerTeamsPerson(store: Repository, user: TeamsUser, roles: Role[], organisationId = 'rmbc', tenantId = TENANT): Promise<Person> {
  return store.transact(setup, (tx) => {
    const person: Person = {
      id: `P-${user.aadObjectId.slice(0, 8)}`,
      displayName: user.name,
      organisationId,
      roles,
      identities: [{ platform: 'teams', aadObjectId: user.aadObjectId, tenantId }],
      createdAt: tx.now,
      updatedAt: tx.now,
    };
    tx.put('people', person, { action: 'person.add' });
    return person;
  });
}

export async function assignOwner(store: Repository, milestoneId: string, personId: string): Promise<void> {
  await store.transact(setup, (tx) => {
    const m = tx.get('milestones', milestoneId);
    if (!m) throw new Error(`no milestone ${milestoneId}`);
    tx.put('milestones', { ...m, owner: { ...m.owner, personId } }, { action: 'milestone.assign' });
  });
}
