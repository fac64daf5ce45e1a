// A person's platform accounts: the account code people read out of `whoami` and give to an admin,
// and finding the forum person behind an account.
import type { Person, PlatformIdentity } from '../model.ts';
import type { ReadView } from '../../store/repository.ts';
import { readModelOf } from '../../read-model/read-model.ts';

export function accountOf(identity: PlatformIdentity): string {
  return identity.platform === 'teams' ? `teams:${identity.aadObjectId}` : `slack:${identity.teamId}:${identity.userId}`;
}

/**
 * The code people read out of `whoami` and give to an admin: `accountOf`, and for a Teams account
 * of another organisation than the one hosting the conversation, its own tenant after an `@`
 * (`teams:<aad>@<tenant>`), so the admin's form knows whose tenant it is.
 */
export function accountCodeOf(identity: PlatformIdentity, hostTenantId?: string): string {
  const plain = accountOf(identity);
  return identity.platform === 'teams' && hostTenantId && identity.tenantId.toLowerCase() !== hostTenantId.toLowerCase() ? `${plain}@${identity.tenantId}` : plain;
}

/**
 * An account code back to an identity: `teams:<aad>@<tenant>`, or `teams:<aad>` of the tenant
 * given (the one hosting the admin's conversation), or `slack:<team>:<user>` (a workspace `T…` or,
 * on Enterprise Grid, an organisation `E…`).
 */
export function identityFromAccount(account: string, tenantId?: string): PlatformIdentity | undefined {
  const teams = /^teams:([0-9a-f-]{36})(?:@([0-9a-f-]{36}))?$/i.exec(account.trim());
  if (teams?.[1]) {
    const tenant = teams[2] ?? tenantId;
    return tenant ? { platform: 'teams', aadObjectId: teams[1].toLowerCase(), tenantId: tenant.toLowerCase() } : undefined;
  }
  const slack = /^slack:([TE][A-Z0-9]+):([UW][A-Z0-9]+)$/i.exec(account.trim());
  if (slack?.[1] && slack[2]) return { platform: 'slack', teamId: slack[1].toUpperCase(), userId: slack[2].toUpperCase() };
  return undefined;
}

function sameIdentity(a: PlatformIdentity, b: PlatformIdentity): boolean {
  if (a.platform === 'teams' && b.platform === 'teams') return a.aadObjectId.toLowerCase() === b.aadObjectId.toLowerCase() && a.tenantId.toLowerCase() === b.tenantId.toLowerCase();
  if (a.platform === 'slack' && b.platform === 'slack') return a.teamId === b.teamId && a.userId === b.userId;
  return false;
}

export function findPerson(view: ReadView, identity: PlatformIdentity): Person | undefined {
  const model = readModelOf(view);
  if (model) return model.people.find(identity);
  return view.all('people').find((p) => p.identities.some((i) => sameIdentity(i, identity)));
}
