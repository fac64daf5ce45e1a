// A person's platform accounts: the account code people read out of `whoami` and give to an admin,
// and finding the forum person behind an account.
import type { Person, PlatformIdentity } from '../model.ts';
import type { ReadView } from '../../store/repository.ts';
import { readModelOf } from '../../read-model/read-model.ts';

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
  const model = readModelOf(view);
  if (model) return model.people.find(identity);
  return view.all('people').find((p) => p.identities.some((i) => sameIdentity(i, identity)));
}
