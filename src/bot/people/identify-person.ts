// Who is talking: a platform account mapped to a forum person. Accounts listed in ADMINS become
// admin people on first contact (recorded and audited), so a new installation can be set up
// from chat without editing the data file.
import type { Person, PlatformIdentity } from '../../domain/model.ts';
import type { ReadView, Repository } from '../../store/repository.ts';
import type { TurnChannel } from '../turn.ts';

export function accountOf(identity: PlatformIdentity): string {
  return identity.platform === 'teams' ? `teams:${identity.aadObjectId}` : `slack:${identity.teamId}:${identity.userId}`;
}

/** `teams:<aad>` (tenant given separately) or `slack:<team>:<user>` back to an identity. */
export function identityFromAccount(account: string, tenantId?: string): PlatformIdentity | undefined {
  const teams = /^teams:([0-9a-f-]{36})$/i.exec(account.trim());
  if (teams?.[1]) return tenantId ? { platform: 'teams', aadObjectId: teams[1].toLowerCase(), tenantId } : undefined;
  const slack = /^slack:(T[A-Z0-9]+):([UW][A-Z0-9]+)$/i.exec(account.trim());
  if (slack?.[1] && slack[2]) return { platform: 'slack', teamId: slack[1].toUpperCase(), userId: slack[2].toUpperCase() };
  return undefined;
}

function sameIdentity(a: PlatformIdentity, b: PlatformIdentity): boolean {
  if (a.platform === 'teams' && b.platform === 'teams') return a.aadObjectId.toLowerCase() === b.aadObjectId.toLowerCase() && a.tenantId === b.tenantId;
  if (a.platform === 'slack' && b.platform === 'slack') return a.teamId === b.teamId && a.userId === b.userId;
  return false;
}

export function findPerson(view: ReadView, identity: PlatformIdentity): Person | undefined {
  return view.all('people').find((p) => p.identities.some((i) => sameIdentity(i, identity)));
}

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
