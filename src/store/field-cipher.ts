// Encryption at rest of the fields src/domain/encrypted-fields.ts names: AES-256-GCM (authenticated)
// with a key from configuration (DATA_ENCRYPTION_KEY), never written anywhere by the bot, so a copy
// of the data folder or a backup does not reveal them. Records are plain in memory; the store
// encodes them on the way to disk (journal, snapshots, backups) and decodes them on the way back.
//
// A stored value is `enc:v1:<key id>:<base64url(iv | tag | ciphertext)>`; the additional data binds
// it to its collection, record and field, so a value moved to another record does not open. A plain
// value that happens to start `enc:` or `txt:` is written `txt:<value>`, so typed text can never be
// taken for a value to decrypt. Older plain values (written before a key was set) are read as they
// are and counted, so the operator is told to run `npm run data:rekey`.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { ENCRYPTED_FIELDS, type FieldPath } from '../domain/encrypted-fields.ts';
import { ForumError } from '../domain/errors.ts';
import type { CollectionName } from '../domain/model.ts';

const PREFIX = 'enc:v1:';
const ESCAPE = 'txt:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

type RawRecord = Record<string, unknown>;

export interface CodecStats {
  /** Values read as plain text although a key is set (written before it was). */
  plain: number;
  /** Values read with a previous key (a rotation not finished). */
  previousKey: number;
}

/** How records are written to disk and read back; `encode` and `decode` never change the record passed in. */
export interface RecordCodec {
  encode(collection: CollectionName, record: Readonly<RawRecord>): RawRecord;
  /** Throws ForumError STORE_KEY when a value cannot be opened with the keys given. */
  decode(collection: CollectionName, record: Readonly<RawRecord>): RawRecord;
  readonly stats: CodecStats;
  /** Ids of the keys in use, for messages and the audit (never the keys). */
  readonly keyIds: { current?: string; previous: string[] };
}

/** A key's id: 8 bytes of an HMAC of a fixed label, so the id says nothing about the key. */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('scf-data-encryption-key-id').digest('hex').slice(0, 16);
}

/** A key as configured: 32 bytes, base64 or base64url (43 or 44 characters) or 64 hex digits. */
export function parseKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return key.length === 32 ? key : undefined;
  }
  return undefined;
}

function transformFields(record: Readonly<RawRecord>, paths: readonly FieldPath[], change: (value: string, path: string) => string): RawRecord {
  const out: RawRecord = { ...record };
  for (const path of paths) apply(out, path, 0, path.join('.'), change);
  return out;
}

function apply(node: RawRecord, path: FieldPath, at: number, label: string, change: (value: string, path: string) => string): void {
  const key = path[at];
  if (key === undefined) return;
  const value = node[key];
  if (at === path.length - 1) {
    if (typeof value === 'string') node[key] = change(value, label);
    return;
  }
  if (path[at + 1] === '[]') {
    if (!Array.isArray(value)) return;
    node[key] = value.map((item: unknown) => {
      if (typeof item !== 'object' || item === null) return item;
      const copy = { ...(item as RawRecord) };
      apply(copy, path, at + 2, label, change);
      return copy;
    });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const copy = { ...(value as RawRecord) };
  apply(copy, path, at + 1, label, change);
  node[key] = copy;
}

const escapeIfNeeded = (value: string) => (value.startsWith('enc:') || value.startsWith(ESCAPE) ? `${ESCAPE}${value}` : value);

class Codec implements RecordCodec {
  readonly stats: CodecStats = { plain: 0, previousKey: 0 };
  readonly keyIds: { current?: string; previous: string[] };
  private readonly keys = new Map<string, Buffer>();
  private readonly current?: { id: string; key: Buffer };

  constructor(current: Buffer | undefined, previous: readonly Buffer[]) {
    if (current) {
      this.current = { id: keyIdOf(current), key: current };
      this.keys.set(this.current.id, current);
    }
    for (const key of previous) this.keys.set(keyIdOf(key), key);
    this.keyIds = { ...(this.current ? { current: this.current.id } : {}), previous: previous.map(keyIdOf).filter((id) => id !== this.current?.id) };
  }

  encode(collection: CollectionName, record: Readonly<RawRecord>): RawRecord {
    const paths = ENCRYPTED_FIELDS[collection];
    if (!paths) return record as RawRecord;
    const current = this.current;
    const aadOf = (path: string) => Buffer.from(`${collection}\u0000${String(record.id)}\u0000${path}`, 'utf8');
    return transformFields(record, paths, (value, path) => {
      if (!current) return escapeIfNeeded(value);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(aadOf(path));
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return `${PREFIX}${current.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    });
  }

  decode(collection: CollectionName, record: Readonly<RawRecord>): RawRecord {
    const paths = ENCRYPTED_FIELDS[collection];
    if (!paths) return record as RawRecord;
    const aadOf = (path: string) => Buffer.from(`${collection}\u0000${String(record.id)}\u0000${path}`, 'utf8');
    return transformFields(record, paths, (value, path) => {
      if (value.startsWith(ESCAPE)) return value.slice(ESCAPE.length);
      if (!value.startsWith(PREFIX)) {
        if (this.current) this.stats.plain += 1;
        return value;
      }
      const [id = '', body = ''] = value.slice(PREFIX.length).split(':');
      const key = this.keys.get(id);
      if (!key) {
        throw new ForumError(
          'STORE_KEY',
          `${collection} ${String(record.id)}: its ${path} is encrypted with key ${id}, and this bot was ${this.current ? `given key ${this.current.id}${this.keyIds.previous.length ? ` (and previous ${this.keyIds.previous.join(', ')})` : ''}` : 'given no key'}. ` +
            'Set DATA_ENCRYPTION_KEY to the key the data was written with (during a rotation, the old one in DATA_ENCRYPTION_KEY_PREVIOUS). Nothing was changed.',
        );
      }
      const bytes = Buffer.from(body, 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
        decipher.setAAD(aadOf(path));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
        if (id !== this.current?.id) this.stats.previousKey += 1;
        return text;
      } catch (error) {
        throw new ForumError('STORE_KEY', `${collection} ${String(record.id)}: its ${path} does not open with key ${id}: it was changed or moved from another record. Nothing was changed.`, { cause: error });
      }
    });
  }
}

/** The codec for the keys configured: none (plain, with the escape), a current key, and previous keys to read during a rotation. */
export function recordCodec(keys: { current?: Buffer; previous?: readonly Buffer[] } = {}): RecordCodec {
  return new Codec(keys.current, keys.previous ?? []);
}

/** Encodes the put operations of journal records (the in-memory records stay plain). */
export function encodeOps<T extends { ops: readonly ({ op: 'put'; c: string; r: RawRecord } | { op: 'del'; c: string; id: string })[] }>(codec: RecordCodec, record: T): T {
  return { ...record, ops: record.ops.map((op) => (op.op === 'put' ? { ...op, r: codec.encode(op.c as CollectionName, op.r) } : op)) };
}
