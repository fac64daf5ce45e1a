// Rights requests (UK GDPR articles 15 and 17) over the store: find every record and audit entry
// that names a person or account, write them out as a readable document, and erase: delete what
// is only theirs, pseudonymise what the forum must keep (the plan's history, intelligence reports,
// the audit trail of who changed what), then bring every copy the store keeps (backups, set-aside
// files, the audit log) in line. Each step is audited; after an erasure the earlier entries about
// the request name the pseudonym, not the person.
import { randomBytes } from 'node:crypto';
import { COLLECTION_NAMES, collectionSchemas, type CollectionName, type RecordOf } from '../model.ts';
import type { AuditEvent, ChangeContext, CopyRewrite, CopyRewriteOutcome, ReadView, Repository, Transaction } from '../../store/repository.ts';
import { mentionsIn, pseudonymise, type Mention, type Subject } from './subject.ts';
import { SUBJECT_RULES } from './subject-rules.ts';

export interface Finding {
  collection: CollectionName;
  id: string;
  /** The whole record is their data (their person record, a report they made...). */
  theirs: boolean;
  mentions: Mention[];
}

/** Every record that names the subject, collection by collection. */
export function findSubject(view: ReadView, subject: Subject): Finding[] {
  return COLLECTION_NAMES.flatMap((collection) =>
    view.all(collection).flatMap((record): Finding[] => {
      const mentions = mentionsIn(record, subject);
      if (mentions.length === 0) return [];
      const rule = SUBJECT_RULES[collection] as { isTheirs(r: unknown, s: Subject): boolean };
      return [{ collection, id: record.id, theirs: rule.isTheirs(record, subject), mentions }];
    }),
  );
}

/** Audit entries that name the subject, oldest first. */
export async function auditNaming(repo: Repository, subject: Subject): Promise<AuditEvent[]> {
  return (await repo.readAudit()).filter((event) => mentionsIn(event, subject).length > 0).reverse();
}

/** Optional context an operator gives with a request: who handles it and the request's reference. */
export interface RequestContext {
  request?: string;
}

const requestDetail = (context: RequestContext): Record<string, string> => (context.request ? { request: context.request } : {});

/** Finds, and audits the search (`subject.find`). */
export async function auditedFind(repo: Repository, ctx: ChangeContext, subject: Subject, context: RequestContext = {}): Promise<{ findings: Finding[]; audit: AuditEvent[] }> {
  const audit = await auditNaming(repo, subject);
  const findings = await repo.transact(ctx, (tx) => {
    const found = findSubject(tx, subject);
    tx.note({ action: 'subject.find', detail: { subject: subject.given, records: found.length, auditEntries: audit.length, ...requestDetail(context) } });
    return found;
  });
  return { findings, audit };
}

/** Audits an export once its file is written (`subject.export`). */
export async function auditExport(repo: Repository, ctx: ChangeContext, subject: Subject, counts: { records: number; auditEntries: number }, context: RequestContext = {}): Promise<void> {
  await repo.transact(ctx, (tx) => tx.note({ action: 'subject.export', detail: { subject: subject.given, ...counts, ...requestDetail(context) } }));
}

/** A fresh pseudonym, random: nothing in the data leads back from it to the person. */
export function newPseudonym(): string {
  return `erased-${randomBytes(5).toString('hex')}`;
}

export interface ErasureOutcome {
  pseudonym: string;
  deleted: number;
  pseudonymised: number;
  copies: CopyRewriteOutcome;
  /** What still names them afterwards (a one-word name in free text, say): for a person to review. */
  left: Finding[];
}

type AnyRule = { erase(record: unknown, subject: Subject): { kind: 'delete'; why: string } | { kind: 'pseudonymise'; record: unknown; why: string } };
const ruleOf = (collection: CollectionName) => SUBJECT_RULES[collection] as unknown as AnyRule;

/** The record as erasure leaves it: `null` when it goes, `undefined` when it does not name them. */
function erased(collection: CollectionName, record: Readonly<Record<string, unknown>>, subject: Subject, pseudonym: string): Record<string, unknown> | null | undefined {
  if (mentionsIn(record, subject).length === 0) return undefined;
  // A copy may be of an older schema version: the rule applies to records it can read, the generic pseudonymisation to all.
  const parsed = collectionSchemas[collection].safeParse(record);
  if (!parsed.success) return pseudonymise({ ...record }, subject, pseudonym);
  const erasure = ruleOf(collection).erase(parsed.data, subject);
  if (erasure.kind === 'delete') return null;
  return pseudonymise(erasure.record as Record<string, unknown>, subject, pseudonym);
}

function eraseLive(tx: Transaction, subject: Subject, pseudonym: string): { deleted: number; pseudonymised: number } {
  let deleted = 0;
  let pseudonymised = 0;
  for (const collection of COLLECTION_NAMES) {
    for (const record of [...tx.all(collection)]) {
      const next = erased(collection, record as unknown as Record<string, unknown>, subject, pseudonym);
      if (next === undefined) continue;
      if (next === null) {
        tx.delete(collection, record.id, { action: 'subject.erase', detail: { outcome: 'deleted', pseudonym } });
        deleted += 1;
      } else {
        tx.put(collection, next as unknown as RecordOf<typeof collection>, { action: 'subject.erase', detail: { outcome: 'pseudonymised', pseudonym } });
        pseudonymised += 1;
      }
    }
  }
  return { deleted, pseudonymised };
}

/** The same erasure for every copy: backups and set-aside files record by record, and the audit log. */
export function erasureCopyRewrite(subject: Subject, pseudonym: string): CopyRewrite {
  const records = Object.fromEntries(COLLECTION_NAMES.map((collection) => [collection, (raw: Readonly<Record<string, unknown>>) => erased(collection, raw, subject, pseudonym)]));
  return {
    records,
    auditEvent: (event) => (mentionsIn(event, subject).length > 0 ? pseudonymise({ ...event }, subject, pseudonym, false) : undefined),
  };
}

/**
 * Erases the subject: one transaction over the live records (each change audited as
 * `subject.erase`, then a summary entry), then every copy (`subject.erase-copies`), the audit log
 * included, so the entries about this request and every earlier one name the pseudonym only.
 */
export async function eraseSubject(repo: Repository, ctx: ChangeContext, subject: Subject, context: RequestContext = {}, pseudonym = newPseudonym()): Promise<ErasureOutcome> {
  const counts = await repo.transact(ctx, (tx) => {
    const done = eraseLive(tx, subject, pseudonym);
    tx.note({ action: 'subject.erase', detail: { pseudonym, ...done, ...requestDetail(context) } });
    return done;
  });
  const copies = await repo.rewriteCopies(ctx, { action: 'subject.erase-copies', detail: { pseudonym } }, erasureCopyRewrite(subject, pseudonym));
  return { pseudonym, ...counts, copies, left: findSubject(repo, subject) };
}
