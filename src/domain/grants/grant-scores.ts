// Panel scoring. A member scores an application once per criterion of its round (1 to 5) or
// declares a conflict of interest; a declared conflict is final for that application: the member
// can no longer score it, and what others scored and said is kept from them (grantScoresFor).
import { demand } from '../access/permissions.ts';
import { ForumError, NotFoundError, ValidationError } from '../errors.ts';
import type { ChangeContext, ReadView, Repository } from '../../store/repository.ts';
import type { ThemeId } from '../theme-ids.ts';
import type { GrantApplication, GrantScore } from './grant-records.ts';

/** The member declared a conflict on this application and is kept out of it. */
export class ConflictOfInterestError extends ForumError {
  constructor(readonly applicationId: string) {
    super('CONFLICT_OF_INTEREST', `You declared a conflict of interest on ${applicationId}, so you cannot score it or see its scores.`);
  }
}

export const scoreId = (applicationId: string, personId: string): string => `${applicationId}/${personId}`;

export function hasConflict(view: ReadView, applicationId: string, personId: string): boolean {
  return view.get('grantScores', scoreId(applicationId, personId))?.conflict === true;
}

/** The scores `viewerId` may see: none when the viewer declared a conflict on the application. */
export function grantScoresFor(view: ReadView, applicationId: string, viewerId: string | undefined): readonly Readonly<GrantScore>[] | 'conflict' {
  if (viewerId && hasConflict(view, applicationId, viewerId)) return 'conflict';
  return view.all('grantScores').filter((s) => s.applicationId === applicationId);
}

function scorable(view: ReadView, applicationId: string, personId: string): Readonly<GrantApplication> {
  const application = view.get('grantApplications', applicationId);
  if (!application) throw new NotFoundError('grant application', applicationId);
  if (hasConflict(view, applicationId, personId)) throw new ConflictOfInterestError(applicationId);
  if (application.status !== 'submitted') throw new ValidationError([`${applicationId} has been decided (${application.status}); scores are closed.`]);
  return application;
}

export async function scoreApplication(repo: Repository, ctx: ChangeContext, personId: string, entry: { applicationId: string; scores: Partial<Record<ThemeId, number>>; comment?: string }): Promise<GrantScore> {
  return repo.transact(ctx, (tx) => {
    const person = tx.get('people', personId);
    demand(person, 'grants.score');
    const application = scorable(tx, entry.applicationId, personId);
    const round = tx.get('grantRounds', application.roundId);
    if (!round) throw new NotFoundError('grants round', application.roundId);
    const problems = round.criteria.flatMap((criterion) => {
      const value = entry.scores[criterion];
      return value !== undefined && Number.isInteger(value) && value >= 1 && value <= 5 ? [] : [{ field: `score-${criterion}`, message: `Give a score from 1 to 5 for ${criterion}.` }];
    });
    if (problems.length > 0) throw ValidationError.ofFields(problems);
    const comment = entry.comment?.trim();
    const score: GrantScore = {
      id: scoreId(application.id, personId),
      applicationId: application.id,
      roundId: round.id,
      personId,
      by: person?.displayName ?? ctx.actor.name,
      conflict: false,
      scores: Object.fromEntries(round.criteria.map((c) => [c, entry.scores[c]])),
      ...(comment ? { comment } : {}),
      at: tx.now,
    };
    tx.put('grantScores', score, { action: 'grants.score', detail: { application: application.id } });
    return score;
  });
}

/** Declares a conflict: any score the member gave is withdrawn, and they are kept out from now on. */
export async function declareConflict(repo: Repository, ctx: ChangeContext, personId: string, applicationId: string): Promise<GrantScore> {
  return repo.transact(ctx, (tx) => {
    const person = tx.get('people', personId);
    demand(person, 'grants.score');
    const application = tx.get('grantApplications', applicationId);
    if (!application) throw new NotFoundError('grant application', applicationId);
    const existing = tx.get('grantScores', scoreId(applicationId, personId));
    if (existing?.conflict) return existing;
    const score: GrantScore = { id: scoreId(applicationId, personId), applicationId, roundId: application.roundId, personId, by: person?.displayName ?? ctx.actor.name, conflict: true, scores: {}, at: tx.now };
    tx.put('grantScores', score, { action: 'grants.conflict', detail: { application: applicationId, withdrewScore: existing !== undefined } });
    return score;
  });
}
