// Retention: once a report is past its retain-until date, what could identify anyone is removed
// and what the forum's statistics need is kept. Run daily by the scheduler; running it twice (or
// after a restart) changes nothing more.
//
// Removed: the description (replaced by REMOVED_TEXT), location, actions taken, police reference,
// the reporter (ANONYMISED_REPORTER), the source type (set to `anonymous-third-party`: the list
// has no "removed" value, and that one claims nothing about who the source was), the text of
// review notes and the earlier texts of amended free-text fields.
// Kept: id, area, when it happened and was reported, category, hate strands, communities affected,
// tension level and trend, source reliability and information confidence (gradings, not people),
// reported to police (yes/no), handling marking, status, the reviewers' ids and dates, retainUntil.
import type { IntelReport } from '../model.ts';
import type { ChangeContext, CopyRewrite, CopyRewriteOutcome, ReadView, Repository } from '../../store/repository.ts';

export const REMOVED_TEXT = '[removed after retention period]';
export const ANONYMISED_REPORTER = 'anonymised';
export const ANONYMISED_SOURCE_TYPE = 'anonymous-third-party';

const FREE_TEXT = new Set(['description', 'location', 'actionsTaken', 'policeReference']);

export function isAnonymised(report: Pick<IntelReport, 'reporterPersonId'>): boolean {
  return report.reporterPersonId === ANONYMISED_REPORTER;
}

/** The report with everything that could identify anyone removed. */
export function anonymise(report: IntelReport): IntelReport {
  return { ...(anonymiseRaw(report) as IntelReport), version: report.version + 1 };
}

/**
 * The same removal on a report as a copy holds it (a backup, perhaps of an older schema version):
 * the fields are taken as they come, and the version is left as the copy had it.
 */
export function anonymiseRaw(report: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept = { ...report };
  delete kept.location;
  delete kept.actionsTaken;
  delete kept.policeReference;
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
  return {
    ...kept,
    description: REMOVED_TEXT,
    reporterPersonId: ANONYMISED_REPORTER,
    sourceType: ANONYMISED_SOURCE_TYPE,
    reviewNotes: list(report.reviewNotes).map((n) => (isRecord(n) ? { ...n, note: REMOVED_TEXT } : n)),
    amendments: list(report.amendments).map((a) => (isRecord(a) && FREE_TEXT.has(String(a.field)) ? { ...a, previous: REMOVED_TEXT } : a)),
  };
}

/**
 * What every copy of the data must hold after retention on `today`: a report past its own
 * retain-until date, or anonymised in the live store, is anonymised in each backup and each file
 * set aside, as it is in the live records.
 */
export function retentionCopyRewrite(view: ReadView, today: string): CopyRewrite {
  return {
    records: {
      intelReports: (raw) => {
        const live = typeof raw.id === 'string' ? view.get('intelReports', raw.id) : undefined;
        const expired = (typeof raw.retainUntil === 'string' && raw.retainUntil < today) || (live !== undefined && isAnonymised(live));
        if (!expired) return undefined;
        const anonymised = anonymiseRaw(raw);
        return JSON.stringify(anonymised) === JSON.stringify(raw) ? undefined : anonymised;
      },
    },
  };
}

/**
 * Brings every copy the store keeps (backups, set-aside files; the live snapshots and journal are
 * rewritten first) in line with retention on `today`. Run after anonymiseExpired, every day: a
 * copy missed on one day (the bot was stopped mid-way) is caught the next. Audited as
 * `intel.retention-copies` with the counts. `alsoRewrite` adds other record types' retention to
 * the same pass over the copies (grant contacts: src/domain/grants/grant-retention.ts).
 */
export async function removeExpiredFromCopies(repo: Repository, ctx: ChangeContext, today: string, alsoRewrite?: CopyRewrite): Promise<CopyRewriteOutcome> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`today must be a date as YYYY-MM-DD (was ${today})`);
  const intel = retentionCopyRewrite(repo, today);
  return repo.rewriteCopies(ctx, { action: 'intel.retention-copies', detail: { today } }, { ...intel, records: { ...alsoRewrite?.records, ...intel.records } });
}

/**
 * Anonymises every report whose retain-until date is before `today` (local date, YYYY-MM-DD): a
 * report retained until 11 June is whole on 11 June and anonymised from 12 June. Each anonymised
 * report gets its own `intel.anonymise` change entry (the store audits every write), and the run
 * one `intel.retention` entry with the count, written even when the count is 0, as the record
 * that the job ran.
 */
export async function anonymiseExpired(repo: Repository, ctx: ChangeContext, today: string): Promise<{ anonymised: number }> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`today must be a date as YYYY-MM-DD (was ${today})`);
  return repo.transact(ctx, (tx) => {
    let anonymised = 0;
    for (const report of tx.all('intelReports')) {
      if (report.retainUntil >= today || isAnonymised(report)) continue;
      tx.put('intelReports', anonymise(report), { action: 'intel.anonymise', detail: { retainUntil: report.retainUntil } });
      anonymised += 1;
    }
    tx.note({ action: 'intel.retention', collection: 'intelReports', detail: { anonymised, today } });
    return { anonymised };
  });
}
