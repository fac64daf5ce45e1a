// A data subject, for rights requests (find, export, erase): the forum person if there is one, and
// every string that identifies them in the data: their person id, their accounts, their platform
// ids, the ids of their 1:1 chats with the bot, and their display name. Finding is generic (every
// string of every record is looked at), so a field added later is searched without anyone
// remembering to; what erasure does with a record is per collection (subject-rules.ts).
import { accountOf } from '../people/identities.ts';
import type { Person } from '../model.ts';
import type { ReadView } from '../../store/repository.ts';

export interface Subject {
  /** What the operator gave (a person id, an account, an e-mail address...). */
  given: string;
  person?: Readonly<Person>;
  /** Strings that identify the subject wherever they appear (exactly, or inside a longer string). */
  identifiers: readonly string[];
  /** Their name as the data writes it (display name, or the name given for someone not registered). */
  names: readonly string[];
}

/** Identifiers shorter than this are matched only as a whole value, never inside a longer string. */
const MIN_SUBSTRING = 8;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The ids a Bot Framework conversation reference holds for the person at the other end of a 1:1 chat. */
function referenceIds(reference: unknown): string[] {
  if (!isRecord(reference)) return [];
  const ids: string[] = [];
  const user = reference.user;
  if (isRecord(user) && typeof user.id === 'string') ids.push(user.id);
  const conversation = reference.conversation;
  if (isRecord(conversation) && typeof conversation.id === 'string') ids.push(conversation.id);
  return ids;
}

/**
 * The subject behind `given`: a person id, an account (`teams:<aad>`, `slack:<team>:<user>`), or
 * any other identifier (e.g. an e-mail address), with `name` for someone the forum does not know
 * who replied to a meeting by name. Undefined when `given` is empty.
 */
export function subjectOf(view: ReadView, given: string, name?: string): Subject | undefined {
  const wanted = given.trim();
  if (!wanted) return undefined;
  const lower = wanted.toLowerCase();
  const person = view.get('people', wanted) ?? view.all('people').find((p) => p.identities.some((i) => accountOf(i).toLowerCase() === lower));
  const identifiers = new Set<string>([wanted]);
  const names = new Set<string>(name?.trim() ? [name.trim()] : []);
  if (person) {
    identifiers.add(person.id);
    names.add(person.displayName);
    for (const identity of person.identities) {
      identifiers.add(accountOf(identity));
      identifiers.add(identity.platform === 'teams' ? identity.aadObjectId : identity.userId);
    }
    for (const reference of Object.values(person.directChats ?? {})) for (const id of referenceIds(reference)) identifiers.add(id);
  }
  return { given: wanted, ...(person ? { person } : {}), identifiers: [...identifiers].filter((i) => i.length > 0), names: [...names].filter((n) => n.length > 0) };
}

export type MentionKind = 'identifier' | 'name' | 'name in text';

export interface Mention {
  /** Where in the record, e.g. `reviewNotes[0].byPersonId`. */
  path: string;
  kind: MentionKind;
  value: string;
}

/** A name is looked for inside free text only when it has at least two words ("Jo Bloggs", not "Jo"). */
const searchableInText = (name: string) => name.trim().split(/\s+/).length >= 2;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function nameIn(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(name)}($|[^\\p{L}\\p{N}])`, 'iu').test(text);
}

function mentionOf(value: string, subject: Subject): MentionKind | undefined {
  if (subject.identifiers.some((id) => value === id || (id.length >= MIN_SUBSTRING && value.includes(id)))) return 'identifier';
  const lower = value.toLowerCase();
  if (subject.names.some((n) => lower === n.toLowerCase())) return 'name';
  if (subject.names.some((n) => searchableInText(n) && nameIn(value, n))) return 'name in text';
  return undefined;
}

/** Every place in `value` (a record, raw or typed) that names the subject. */
export function mentionsIn(value: unknown, subject: Subject, path = ''): Mention[] {
  if (typeof value === 'string') {
    const kind = mentionOf(value, subject);
    return kind ? [{ path, kind, value }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => mentionsIn(item, subject, `${path}[${i}]`));
  if (isRecord(value)) return Object.entries(value).flatMap(([key, item]) => mentionsIn(item, subject, path ? `${path}.${key}` : key));
  return [];
}

/**
 * `value` with every identifier and name of the subject replaced by `pseudonym`: whole values,
 * identifiers inside longer strings, and a name of two words or more inside free text. The
 * record's own `id` is never changed (a record whose id names the subject is deleted instead).
 */
export function pseudonymise<T>(value: T, subject: Subject, pseudonym: string, top = true): T {
  if (typeof value === 'string') return replaceIn(value, subject, pseudonym) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => pseudonymise(item, subject, pseudonym, false)) as T;
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, top && key === 'id' ? item : pseudonymise(item, subject, pseudonym, false)])) as T;
  }
  return value;
}

function replaceIn(text: string, subject: Subject, pseudonym: string): string {
  let out = text;
  for (const id of [...subject.identifiers].sort((a, b) => b.length - a.length)) {
    if (out === id) return pseudonym;
    if (id.length >= MIN_SUBSTRING) out = out.split(id).join(pseudonym);
  }
  for (const name of subject.names) {
    if (out.toLowerCase() === name.toLowerCase()) return pseudonym;
    if (searchableInText(name)) out = out.replace(new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(name)}(?=$|[^\\p{L}\\p{N}])`, 'giu'), (_m, before: string) => `${before}${pseudonym}`);
  }
  return out;
}
