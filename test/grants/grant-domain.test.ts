// The grants fund's rules, against a real store in a temp folder: the budget is never overspent
// (even by two awards at once), conflicts keep a panel member out, payments stay within the award,
// every change is audited, and only the right roles can act.
import { expect } from 'chai';
import { openStore } from '../../src/store/open-store.ts';
import type { Repository } from '../../src/store/repository.ts';
import { applicationByStatusLink, replaceStatusLink, RoundClosedError, submitApplication } from '../../src/domain/grants/grant-applications.ts';
import { decideApplication, OverBudgetError } from '../../src/domain/grants/grant-decisions.ts';
import { roundMoney } from '../../src/domain/grants/grant-budget.ts';
import { ConflictOfInterestError, declareConflict, grantScoresFor, scoreApplication } from '../../src/domain/grants/grant-scores.ts';
import { recordPayment } from '../../src/domain/grants/grant-payments.ts';
import { nextReturnDue, overdueReturns, submitReturn } from '../../src/domain/grants/grant-returns.ts';
import { openRound, setRoundBudget } from '../../src/domain/grants/grant-rounds.ts';
import { ForbiddenError } from '../../src/domain/access/permissions.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import type { Person } from '../../src/domain/model.ts';
import { removeTempDataDirs, tempDataDir } from '../store/store-fixtures.ts';
import { addPerson, apply, ctxOf, draft, linkId, putRound, rejection, WEB } from './grant-fixtures.ts';

describe('grants fund rules (domain services on a real store)', () => {
  let clock: Date;
  let store: Repository;
  let decider: Person;
  let panel: Person;
  let coordinator: Person;

  beforeEach(async () => {
    clock = new Date('2026-12-01T10:00:00Z');
    store = await openStore({ dataDir: tempDataDir(), now: () => clock });
    decider = await addPerson(store, 'P-DEC', ['grants-decider']);
    panel = await addPerson(store, 'P-PAN', ['grants-panel']);
    coordinator = await addPerson(store, 'P-COO', ['coordinator']);
    await putRound(store);
  });
  afterEach(async () => {
    await store.close();
    removeTempDataDirs();
  });

  const award = (id: string, council: number, rtp = 0, who: Person = decider) =>
    decideApplication(store, ctxOf(who), who.id, { applicationId: id, expectedVersion: 1, reason: 'Meets the criteria', outcome: 'award', amounts: { council, rtp, external: 0 } });

  it('two awards decided at the same moment cannot overspend a source: one is refused, and the budget holds', async () => {
    const first = await apply(store);
    const second = await apply(store);
    // Council budget 1500: either award alone fits (800), both together (1600) do not.
    const outcomes = await Promise.allSettled([award(first, 800), award(second, 800)]);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
    expect(refused).to.have.length(1);
    expect((refused[0] as PromiseRejectedResult).reason).to.be.instanceOf(OverBudgetError);
    const money = roundMoney(store, store.get('grantRounds', 'ROUND-T')!);
    expect(money.council).to.deep.equal({ budget: 1500, committed: 800, paid: 0, remaining: 700 });
    expect(store.all('grantDecisions')).to.have.length(1);
  });

  it('an award may use the exact remainder of a source, not a pound more', async () => {
    const a = await apply(store, { amount: 1000 });
    const b = await apply(store, { amount: 1000 });
    await award(a, 900, 100);
    await rejection(award(b, 601), OverBudgetError);
    const ok = await award(b, 600);
    expect(ok.application.status).to.equal('awarded');
    expect(roundMoney(store, store.get('grantRounds', 'ROUND-T')!).council.remaining).to.equal(0);
  });

  it('only the deciding role awards: a coordinator and a panel member are refused', async () => {
    const a = await apply(store);
    await rejection(award(a, 500, 0, coordinator), ForbiddenError);
    await rejection(award(a, 500, 0, panel), ForbiddenError);
    expect(store.get('grantApplications', a)?.status).to.equal('submitted');
  });

  it('an award over the round maximum is refused', async () => {
    const a = await apply(store);
    await rejection(award(a, 600, 500), ValidationError, /largest award is GBP 1000/);
  });

  it('a panel member who declares a conflict is kept out: no scoring, no scores shown, earlier score withdrawn', async () => {
    const a = await apply(store);
    const other = await addPerson(store, 'P-PAN2', ['grants-panel']);
    await scoreApplication(store, ctxOf(other), other.id, { applicationId: a, scores: { 'civic-pride': 4, 'bringing-together': 5 }, comment: 'Strong' });
    await scoreApplication(store, ctxOf(panel), panel.id, { applicationId: a, scores: { 'civic-pride': 2, 'bringing-together': 3 } });
    await declareConflict(store, ctxOf(panel), panel.id, a);
    await rejection(scoreApplication(store, ctxOf(panel), panel.id, { applicationId: a, scores: { 'civic-pride': 5, 'bringing-together': 5 } }), ConflictOfInterestError);
    expect(grantScoresFor(store, a, panel.id)).to.equal('conflict');
    const seen = grantScoresFor(store, a, other.id);
    expect(seen).to.be.an('array');
    expect((seen as readonly { personId: string; conflict: boolean }[]).map((s) => [s.personId, s.conflict])).to.deep.equal([['P-PAN2', false], ['P-PAN', true]]);
  });

  it('a score needs every criterion of the round, 1 to 5, and a panel role', async () => {
    const a = await apply(store);
    await rejection(scoreApplication(store, ctxOf(panel), panel.id, { applicationId: a, scores: { 'civic-pride': 6 } }), ValidationError);
    await rejection(scoreApplication(store, ctxOf(coordinator), coordinator.id, { applicationId: a, scores: { 'civic-pride': 3, 'bringing-together': 3 } }), ForbiddenError);
  });

  it('payments never exceed the award from a source, and are numbered as instalments', async () => {
    const a = await apply(store);
    await award(a, 500, 300);
    const p1 = await recordPayment(store, ctxOf(decider), decider.id, { applicationId: a, source: 'council', amount: 250, paidOn: '2026-12-02', financeReference: 'AP-1001' });
    const p2 = await recordPayment(store, ctxOf(decider), decider.id, { applicationId: a, source: 'rtp', amount: 300, paidOn: '2026-12-02', financeReference: 'AP-1002' });
    expect([p1.instalment, p2.instalment]).to.deep.equal([1, 2]);
    await rejection(recordPayment(store, ctxOf(decider), decider.id, { applicationId: a, source: 'council', amount: 251, paidOn: '2026-12-03', financeReference: 'AP-1003' }), ValidationError, /at most GBP 250 more/);
    expect(roundMoney(store, store.get('grantRounds', 'ROUND-T')!).total).to.deep.equal({ budget: 2500, committed: 800, paid: 550, remaining: 1700 });
  });

  it('an award sets monitoring returns due; the group sends them in order; late ones are overdue', async () => {
    const a = await apply(store);
    await award(a, 500);
    expect(nextReturnDue(store, a)?.dueOn).to.equal('2027-06-01');
    clock = new Date('2027-06-02T10:00:00Z');
    expect(overdueReturns(store, clock).map((r) => r.id)).to.deep.equal([`${a}-R1`]);
    await submitReturn(store, WEB, a, { whatWasDone: 'Held the party', peopleReached: 120, moneySpent: 400 });
    expect(overdueReturns(store, clock)).to.deep.equal([]);
    expect(nextReturnDue(store, a)?.dueOn).to.equal('2027-12-01');
  });

  it('applications are refused when no round is open, and the same form sent twice makes one application', async () => {
    const key = linkId();
    const first = await submitApplication(store, WEB, { draft: draft(), statusLinkId: linkId(), submissionKey: key });
    const again = await submitApplication(store, WEB, { draft: draft(), statusLinkId: linkId(), submissionKey: key });
    expect(again.repeated).to.equal(true);
    expect(again.application.id).to.equal(first.application.id);
    expect(store.count('grantApplications')).to.equal(1);
    clock = new Date('2027-01-01T10:00:00Z');
    await rejection(submitApplication(store, WEB, { draft: draft(), statusLinkId: linkId() }), RoundClosedError);
  });

  it('a new status link ends the old one; a link stops working when the programme ends', async () => {
    const oldLink = linkId();
    const { application } = await submitApplication(store, WEB, { draft: draft(), statusLinkId: oldLink });
    expect(applicationByStatusLink(store, oldLink, clock)?.id).to.equal(application.id);
    const newLink = linkId();
    await replaceStatusLink(store, ctxOf(coordinator), coordinator.id, { applicationId: application.id, statusLinkId: newLink });
    expect(applicationByStatusLink(store, oldLink, clock)).to.equal(undefined);
    expect(applicationByStatusLink(store, newLink, clock)?.id).to.equal(application.id);
    expect(applicationByStatusLink(store, newLink, new Date('2028-04-01T00:00:00Z'))).to.equal(undefined);
    await rejection(replaceStatusLink(store, ctxOf(panel), panel.id, { applicationId: application.id, statusLinkId: linkId() }), ForbiddenError);
  });

  it('rounds may not overlap, and a budget never goes below what is awarded; both changes are audited with amounts', async () => {
    const a = await apply(store);
    await award(a, 700);
    await rejection(openRound(store, ctxOf(coordinator), coordinator.id, { id: 'ROUND-X', name: 'x', opensOn: '2026-12-15', closesOn: '2027-01-31', programmeEndsOn: '2027-12-31', maxAward: 500, criteria: ['civic-pride'], budget: { council: 100, rtp: 0, external: 0 } }), ValidationError, /already covers/);
    await rejection(setRoundBudget(store, ctxOf(coordinator), coordinator.id, { roundId: 'ROUND-T', expectedVersion: 1, budget: { council: 699, rtp: 1000, external: 0 } }), ValidationError, /cannot go below the GBP 700/);
    await setRoundBudget(store, ctxOf(coordinator), coordinator.id, { roundId: 'ROUND-T', expectedVersion: 1, budget: { council: 700, rtp: 1000, external: 250 } });
    const audit = await store.readAudit({ collection: 'grantRounds' });
    expect(audit[0]).to.deep.include({ action: 'grants.round.budget', recordId: 'ROUND-T' });
    expect(audit[0]?.detail).to.deep.include({ councilBefore: 1500, councilAfter: 700, externalAfter: 250 });
    const awards = await store.readAudit({ collection: 'grantDecisions' });
    expect(awards[0]).to.deep.include({ action: 'grants.award', recordId: a });
    expect(awards[0]?.detail).to.deep.include({ council: 700 });
    const submits = await store.readAudit({ collection: 'grantApplications' });
    expect(JSON.stringify(submits), 'no contact details in the audit').not.to.include('sam@example.org');
  });
});
