// People by platform identity, in the read model (issue 15): every turn finds the person behind
// the account that wrote, so the lookup is a map, not a scan of everyone the forum knows.
import type { Person, PlatformIdentity } from '../domain/model.ts';
import { FollowedIndex, type ChangeSource } from './followed-index.ts';

/** One key per account: a Teams object id and tenant compare without case. */
export function identityKey(identity: PlatformIdentity): string {
  return identity.platform === 'teams' ? `teams:${identity.tenantId.toLowerCase()}:${identity.aadObjectId.toLowerCase()}` : `slack:${identity.teamId}:${identity.userId}`;
}

export class PeopleByIdentity extends FollowedIndex<'people'> {
  /** Each account's people, in the collection's order (the first is the one a scan would find). */
  private byKey = new Map<string, Readonly<Person>[]>();
  private keysOf = new Map<string, string[]>();
  private position = new Map<string, number>();

  constructor(source: ChangeSource) {
    super(source, 'people');
  }

  find(identity: PlatformIdentity): Readonly<Person> | undefined {
    this.catchUp();
    return this.byKey.get(identityKey(identity))?.[0];
  }

  protected rebuild(records: readonly Readonly<Person>[]): void {
    this.byKey = new Map();
    this.keysOf = new Map();
    this.position = new Map(records.map((p, i) => [p.id, i]));
    for (const person of records) this.add(person);
  }

  protected apply(id: string, record: Readonly<Person> | undefined): void {
    for (const key of this.keysOf.get(id) ?? []) {
      const rest = (this.byKey.get(key) ?? []).filter((p) => p.id !== id);
      if (rest.length > 0) this.byKey.set(key, rest);
      else this.byKey.delete(key);
    }
    this.keysOf.delete(id);
    if (!record) return;
    // A new person comes after everyone already known, as in the collection.
    if (!this.position.has(id)) this.position.set(id, this.position.size);
    this.add(record);
  }

  private add(person: Readonly<Person>): void {
    const keys = [...new Set(person.identities.map(identityKey))];
    this.keysOf.set(person.id, keys);
    const order = (p: Readonly<Person>) => this.position.get(p.id) ?? Number.MAX_SAFE_INTEGER;
    for (const key of keys) this.byKey.set(key, [...(this.byKey.get(key) ?? []), person].sort((a, b) => order(a) - order(b)));
  }
}
