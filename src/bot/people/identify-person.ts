// Who is talking: a platform account mapped to a forum person. Accounts listed in ADMINS become
// admin people on first contact (recorded and audited), so a new installation can be set up
// from chat without editing the data file.
import type { Person } from '../../domain/model.ts';
import { accountOf, findPerson } from '../../domain/people/identities.ts';
import type { Repository } from '../../store/repository.ts';
import type { TurnChannel } from '../turn.ts';

export async function identifyPerson(store: Repository, channel: TurnChannel, displayName: string, admins: readonly string[]): Promise<Person | undefined> {
  const identity = channel.identity;
  if (!identity) return undefined;
  const known = findPerson(store, identity);
  if (known) return known;
  const account = accountOf(identity);
  if (!admins.some((a) => a.toLowerCase() === account.toLowerCase())) return undefined;
  return store.transact({ actor: { name: displayName, account }, via: channel.via }, (tx) => {
    const again = findPerson(tx, identity);
    if (again) return again;
    const person: Person = {
      id: `P-${account.replace(/[^a-z0-9]/gi, '').slice(-24)}`,
      displayName,
      roles: ['admin'],
      identities: [identity],
      createdAt: tx.now,
      updatedAt: tx.now,
    };
    tx.put('people', person, { action: 'person.bootstrap-admin' });
    return person;
  });
}
