// A transaction's changes, staged on top of the current data until the store has them on disk.
// Reads inside the transaction see its own writes; nothing outside sees them until commit.
import { collectionSchemas, type CollectionName, type RecordOf } from '../domain/model.ts';
import { ValidationError } from '../domain/errors.ts';
import type { Operation } from './journal.ts';
import type { AuditEvent, AuditNote, ChangeContext, ReadView, Transaction } from './repository.ts';

export type StagedAudit = Omit<AuditEvent, 'seq'>;

export class StagedTransaction implements Transaction {
  readonly ops: Operation[] = [];
  readonly audit: StagedAudit[] = [];
  private readonly staged = new Map<CollectionName, Map<string, object | null>>();

  constructor(private readonly base: ReadView, private readonly ctx: ChangeContext, readonly now: string) {}

  get isEmpty(): boolean {
    return this.ops.length === 0 && this.audit.length === 0;
  }

  get<C extends CollectionName>(collection: C, id: string): Readonly<RecordOf<C>> | undefined {
    const staged = this.staged.get(collection);
    if (staged?.has(id)) return (staged.get(id) ?? undefined) as RecordOf<C> | undefined;
    return this.base.get(collection, id);
  }

  all<C extends CollectionName>(collection: C): readonly Readonly<RecordOf<C>>[] {
    const staged = this.staged.get(collection);
    const base = this.base.all(collection);
    if (!staged) return base;
    const merged = base.filter((r) => !staged.has(r.id)).concat(
      [...staged.values()].filter((r): r is RecordOf<C> => r !== null),
    );
    return merged;
  }

  count(collection: CollectionName): number {
    return this.all(collection).length;
  }

  put<C extends CollectionName>(collection: C, record: RecordOf<C>, note: AuditNote): void {
    const result = collectionSchemas[collection].safeParse(record);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new ValidationError([`${collection} ${record.id}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim()]);
    }
    const previous = this.get(collection, record.id);
    this.stage(collection, record.id, result.data);
    this.ops.push({ op: 'put', c: collection, r: result.data });
    this.audit.push(this.event(note, collection, record.id, changedFields(previous, result.data)));
  }

  delete(collection: CollectionName, id: string, note: AuditNote): void {
    if (!this.get(collection, id)) return;
    this.stage(collection, id, null);
    this.ops.push({ op: 'del', c: collection, id });
    this.audit.push(this.event(note, collection, id));
  }

  note(note: AuditNote & { collection?: CollectionName; recordId?: string }): void {
    const { collection, recordId, ...rest } = note;
    this.audit.push(this.event(rest, collection, recordId));
  }

  private stage(collection: CollectionName, id: string, record: object | null): void {
    let staged = this.staged.get(collection);
    if (!staged) this.staged.set(collection, (staged = new Map()));
    staged.set(id, record);
  }

  private event(note: AuditNote, collection?: CollectionName, recordId?: string, fields?: string[]): StagedAudit {
    return {
      at: this.now,
      actor: this.ctx.actor,
      via: this.ctx.via,
      action: note.action,
      ...(note.detail ? { detail: note.detail } : {}),
      ...(collection ? { collection } : {}),
      ...(recordId ? { recordId } : {}),
      ...(fields ? { fields } : {}),
    };
  }
}

/** Top-level fields whose values differ: what the audit records instead of the values themselves. */
function changedFields(previous: object | undefined, next: object): string[] {
  if (!previous) return Object.keys(next);
  const before = previous as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}
