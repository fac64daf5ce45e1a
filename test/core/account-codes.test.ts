// Account codes, as `whoami` shows them and `add person` reads them: a Teams account of another
// tenant than the conversation's host carries its own tenant (`teams:<aad>@<tenant>`); a plain
// Teams code is the host's; Slack codes may name a workspace (T…) or an Enterprise Grid org (E…).
import { expect } from 'chai';
import { accountCodeOf, identityFromAccount } from '../../src/domain/people/identities.ts';

const HOST = '72f988bf-0000-4000-8000-000000000001';
const PARTNER = 'e0e0e0e0-0000-4000-8000-0000000000f2';
const AAD = 'b7e7e7e7-0000-4000-8000-00000000e001';

describe('account codes for partners of other organisations', () => {
  it('a Teams account of the host tenant shows the plain code; of another tenant, the code with its tenant', () => {
    expect(accountCodeOf({ platform: 'teams', aadObjectId: AAD, tenantId: HOST }, HOST)).to.equal(`teams:${AAD}`);
    expect(accountCodeOf({ platform: 'teams', aadObjectId: AAD, tenantId: PARTNER }, HOST)).to.equal(`teams:${AAD}@${PARTNER}`);
    expect(accountCodeOf({ platform: 'teams', aadObjectId: AAD, tenantId: PARTNER.toUpperCase() }, PARTNER)).to.equal(`teams:${AAD}`);
  });

  it('reads a code back: its own tenant wins over the host given; a plain code is the host\'s; none without a tenant', () => {
    expect(identityFromAccount(`teams:${AAD}@${PARTNER.toUpperCase()}`, HOST)).to.deep.equal({ platform: 'teams', aadObjectId: AAD, tenantId: PARTNER });
    expect(identityFromAccount(`teams:${AAD}`, HOST)).to.deep.equal({ platform: 'teams', aadObjectId: AAD, tenantId: HOST });
    expect(identityFromAccount(`teams:${AAD}`)).to.equal(undefined);
    expect(identityFromAccount(`teams:${AAD}@not-a-tenant`, HOST)).to.equal(undefined);
  });

  it('Slack codes name a workspace or an Enterprise Grid organisation', () => {
    expect(identityFromAccount('slack:T0PARTNER1:U0PIA')).to.deep.equal({ platform: 'slack', teamId: 'T0PARTNER1', userId: 'U0PIA' });
    expect(identityFromAccount('slack:E0ORG:W0PIA')).to.deep.equal({ platform: 'slack', teamId: 'E0ORG', userId: 'W0PIA' });
    expect(identityFromAccount('slack:X0:U0')).to.equal(undefined);
  });
});
