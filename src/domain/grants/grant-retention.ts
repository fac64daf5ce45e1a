// Retention of applicants' contact details (issue 17 §7, issue 19 §2): a group's contact (name,
// email, phone) is needed while its programme runs (monitoring returns, payments, queries) and for
// a while after, then it is removed by the daily retention run. The rest of the application (the
// group, project, amounts, wards, themes, decisions, payments, returns) is the council's grant
// record and stays for audit. The same removal is made in every copy the store keeps.
import type { ChangeContext, CopyRewrite, ReadView, Repository } from '../../store/repository.ts';
import type { GrantApplication, GrantRound } from './grant-records.ts';
import { addMonths } from '../values/calendar-date.ts';

export const REMOVED_CONTACT = '[removed after retention period]';

/** The last day a round's applicants' contact details are kept: the programme's end + `months`. */
export function contactsKeptUntil(round: Pick<GrantRound, 'programmeEndsOn'>, months: number): string {
  return addMonths(round.programmeEndsOn, months);
}

export function contactRemoved(application: Pick<GrantApplication, 'contact'>): boolean {
  return application.contact.name === REMOVED_CONTACT;
}

/** The contact as a copy must hold it once removed (the copy's record is raw: any schema version). */
function withoutContactRaw(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { ...record, contact: { name: REMOVED_CONTACT, email: REMOVED_CONTACT } };
}

function expiredOn(view: ReadView, roundId: unknown, today: string, months: number): boolean {
  const round = typeof roundId === 'string' ? view.get('grantRounds', roundId) : undefined;
  return round !== undefined && contactsKeptUntil(round, months) < today;
}

/**
 * Removes the contact details of every application whose round's programme ended more than
 * `months` before `today` (local date). Each removal is its own audited change
 * (`grants.contact-removed`, naming the application, never the contact); the run writes one
 * `grants.retention` note with the count, also when it is 0.
 */
export async function removeExpiredContacts(repo: Repository, ctx: ChangeContext, today: string, months: number): Promise<{ removed: number }> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`today must be a date as YYYY-MM-DD (was ${today})`);
  return repo.transact(ctx, (tx) => {
    let removed = 0;
    for (const application of tx.all('grantApplications')) {
      if (contactRemoved(application) || !expiredOn(tx, application.roundId, today, months)) continue;
      tx.put('grantApplications', { ...application, contact: { name: REMOVED_CONTACT, email: REMOVED_CONTACT }, version: application.version + 1 }, { action: 'grants.contact-removed', detail: { roundId: application.roundId } });
      removed += 1;
    }
    tx.note({ action: 'grants.retention', collection: 'grantApplications', detail: { removed, today } });
    return { removed };
  });
}

/** Every copy (backups, set-aside files) loses the contact details the live records have lost. */
export function contactRetentionCopyRewrite(view: ReadView, today: string, months: number): CopyRewrite {
  return {
    records: {
      grantApplications: (raw) => {
        const live = typeof raw.id === 'string' ? view.get('grantApplications', raw.id) : undefined;
        const expired = expiredOn(view, raw.roundId, today, months) || (live !== undefined && contactRemoved(live));
        if (!expired) return undefined;
        const contact = raw.contact as Record<string, unknown> | undefined;
        return contact?.name === REMOVED_CONTACT && contact.email === REMOVED_CONTACT && !('phone' in contact) ? undefined : withoutContactRaw(raw);
      },
    },
  };
}
