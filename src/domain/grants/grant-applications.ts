// Applications to the grants fund: sent from the public pages or entered by a partner officer on a
// group's behalf, checked against the round open that day, and given a reference. Each is one
// transaction: the round's dates and limits are read through it, the reference is unique in it,
// and the same form sent twice (its submission key) finds the first application, never a second.
import { randomInt } from 'node:crypto';
import { demand } from '../access/permissions.ts';
import { localDate } from '../calendar.ts';
import { ForumError, NotFoundError, ValidationError } from '../errors.ts';
import type { ChangeContext, ReadView, Repository } from '../../store/repository.ts';
import type { ApplicationDraft } from './application-form.ts';
import type { GrantApplication, GrantRound } from './grant-records.ts';
import { openRoundOn } from './grant-rounds.ts';

/** No round is taking applications today. */
export class RoundClosedError extends ForumError {
  constructor() {
    super('VALIDATION', 'The fund is not taking applications today.');
  }
}

// No 0/O, 1/I/L, 5/S: a reference read out over the phone is not misheard.
const REFERENCE_LETTERS = 'ABCDEFGHJKMNPQRTUVWXYZ2346789';

function newReference(view: ReadView): string {
  for (;;) {
    const ref = `BSC-${Array.from({ length: 6 }, () => REFERENCE_LETTERS[randomInt(REFERENCE_LETTERS.length)]).join('')}`;
    if (!view.get('grantApplications', ref)) return ref;
  }
}

/** The status link ends with the programme (the end of its last day, London time, near enough). */
export function statusLinkExpiry(round: Pick<GrantRound, 'programmeEndsOn'>): string {
  return new Date(Date.parse(`${round.programmeEndsOn}T23:59:59.000Z`)).toISOString();
}

export interface Submission {
  draft: ApplicationDraft;
  /** HMAC of the new status link's token (the token itself is never given to the store). */
  statusLinkId: string;
  /** HMAC of the form's one-time submission id (web only). */
  submissionKey?: string;
  /** A partner officer entering it for a group (checked for `grants.enter`). */
  enteredByPersonId?: string;
}

export type SubmitResult = { application: GrantApplication; round: GrantRound; repeated: boolean };

export async function submitApplication(repo: Repository, ctx: ChangeContext, submission: Submission): Promise<SubmitResult> {
  return repo.transact(ctx, (tx) => {
    if (submission.enteredByPersonId) demand(tx.get('people', submission.enteredByPersonId), 'grants.enter');
    if (submission.submissionKey) {
      const earlier = tx.all('grantApplications').find((a) => a.submissionKey === submission.submissionKey);
      const earlierRound = earlier && tx.get('grantRounds', earlier.roundId);
      if (earlier && earlierRound) return { application: earlier, round: earlierRound, repeated: true };
    }
    const round = openRoundOn(tx, localDate(new Date(tx.now)));
    if (!round) throw new RoundClosedError();
    const { draft } = submission;
    const problems = [];
    if (draft.amount < 1 || draft.amount > round.maxAward) problems.push({ field: 'amount', message: `The amount must be between £1 and £${round.maxAward}` });
    if (draft.themes.some((t) => !round.criteria.includes(t))) problems.push({ field: 'themes', message: 'Select themes from the list' });
    if (problems.length > 0) throw ValidationError.ofFields(problems);
    const application: GrantApplication = {
      id: newReference(tx),
      roundId: round.id,
      submittedAt: tx.now,
      via: ctx.via === 'web' || ctx.via === 'teams' || ctx.via === 'slack' ? ctx.via : 'cli',
      ...(submission.enteredByPersonId ? { enteredByPersonId: submission.enteredByPersonId } : {}),
      ...draft,
      status: 'submitted',
      statusLink: { id: submission.statusLinkId, expiresAt: statusLinkExpiry(round) },
      ...(submission.submissionKey ? { submissionKey: submission.submissionKey } : {}),
      version: 1,
    };
    // The audit names the round, the amount and the wards: never the contact details.
    tx.put('grantApplications', application, { action: 'grants.application.submit', detail: { round: round.id, amount: draft.amount, wards: draft.wards } });
    return { application, round, repeated: false };
  });
}

/** The application a status link opens now, or undefined: unknown, replaced and expired look the same. */
export function applicationByStatusLink(view: ReadView, statusLinkId: string, now: Date): Readonly<GrantApplication> | undefined {
  const found = view.all('grantApplications').find((a) => a.statusLink.id === statusLinkId);
  return found && Date.parse(found.statusLink.expiresAt) > now.getTime() ? found : undefined;
}

/** A coordinator gives the group a new private link; the old one stops working at once. */
export async function replaceStatusLink(repo: Repository, ctx: ChangeContext, requesterId: string, change: { applicationId: string; statusLinkId: string }): Promise<GrantApplication> {
  return repo.transact(ctx, (tx) => {
    demand(tx.get('people', requesterId), 'grants.links');
    const current = tx.get('grantApplications', change.applicationId);
    if (!current) throw new NotFoundError('grant application', change.applicationId);
    const round = tx.get('grantRounds', current.roundId);
    if (!round) throw new NotFoundError('grants round', current.roundId);
    const application: GrantApplication = { ...current, statusLink: { id: change.statusLinkId, expiresAt: statusLinkExpiry(round) }, version: current.version + 1 };
    tx.put('grantApplications', application, { action: 'grants.application.new-link' });
    return application;
  });
}
