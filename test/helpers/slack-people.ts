// Setting up who is who for the Slack tests: people linked to a Slack account (team + user), as
// forum-people.ts does for Teams, and the stand-in's users.info answering with their names.
import type { Person, Role } from '../../src/domain/model.ts';
import type { Repository } from '../../src/store/repository.ts';
import type { SlackUser } from './slack-requests.ts';
import type { StandInSlackApi } from './stand-in-slack-api.ts';

const setup = { actor: { name: 'test setup' }, via: 'cli' } as const;

export async function registerSlackPerson(store: Repository, user: SlackUser, roles: Role[], organisationId = 'rmbc', api?: StandInSlackApi): Promise<Person> {
  api?.setUser(user.userId, user.name);
  return store.transact(setup, (tx) => {
    const person: Person = {
      id: `P-${user.userId}`,
      displayName: user.name,
      organisationId,
      roles,
      identities: [{ platform: 'slack', teamId: user.teamId, userId: user.userId }],
      createdAt: tx.now,
      updatedAt: tx.now,
    };
    tx.put('people', person, { action: 'person.add' });
    return person;
  });
}
