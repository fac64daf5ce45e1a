// Payments made by the council's finance system, recorded by the deciding officer: a date, an
// amount from one source, the instalment number and the finance reference. No bank details are
// asked for or kept. What is paid from a source never exceeds what the award gave from it.
import { demand } from '../access/permissions.ts';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors.ts';
import { newId } from '../new-id.ts';
import type { ChangeContext, Repository } from '../../store/repository.ts';
import type { FundingSource, GrantPayment } from './grant-records.ts';

export interface PaymentInput {
  applicationId: string;
  source: FundingSource;
  amount: number;
  paidOn: string;
  financeReference: string;
}

export async function recordPayment(repo: Repository, ctx: ChangeContext, personId: string, input: PaymentInput): Promise<GrantPayment> {
  return repo.transact(ctx, (tx) => {
    const person = tx.get('people', personId);
    demand(person, 'grants.pay');
    const decision = tx.get('grantDecisions', input.applicationId);
    if (!tx.get('grantApplications', input.applicationId)) throw new NotFoundError('grant application', input.applicationId);
    if (!decision || decision.outcome !== 'award') throw new ValidationError([`${input.applicationId} has no award to pay.`]);
    const earlier = tx.all('grantPayments').filter((p) => p.applicationId === input.applicationId);
    const paidFromSource = earlier.filter((p) => p.source === input.source).reduce((n, p) => n + p.amount, 0);
    const problems: FieldProblem[] = [];
    if (!Number.isInteger(input.amount) || input.amount < 1) problems.push({ field: 'amount', message: 'Enter the amount paid in whole pounds.' });
    else if (paidFromSource + input.amount > decision.amounts[input.source]) problems.push({ field: 'amount', message: `The award gave GBP ${decision.amounts[input.source]} from ${input.source}; GBP ${paidFromSource} is already paid, so at most GBP ${decision.amounts[input.source] - paidFromSource} more.` });
    const reference = input.financeReference.trim();
    if (reference === '' || reference.length > 60) problems.push({ field: 'financeReference', message: "Enter the finance system's reference (up to 60 characters)." });
    if (problems.length > 0) throw ValidationError.ofFields(problems);
    const payment: GrantPayment = { id: newId(tx, 'grantPayments', 'PAY'), applicationId: input.applicationId, roundId: decision.roundId, source: input.source, amount: input.amount, paidOn: input.paidOn, instalment: earlier.length + 1, financeReference: reference, byPersonId: personId, by: person?.displayName ?? ctx.actor.name, at: tx.now };
    tx.put('grantPayments', payment, { action: 'grants.payment', detail: { application: input.applicationId, source: input.source, amount: input.amount } });
    return payment;
  });
}
