// Adding a person or changing their details and roles. The person is looked up by account inside
// the transaction and the record as stored now is the one changed, so what the bot keeps about
// them meanwhile (their 1:1 chats, other accounts) is never overwritten by an admin's form.
import { demand } from '../access/permissions.ts';
import { ValidationError, type FieldProblem } from '../errors.ts';
import type { Person, PlatformIdentity, Role } from '../model.ts';
import type { ChangeContext, Repository } from '../../store/repository.ts';
import { accountOf, findPerson } from './identities.ts';

export interface PersonDraft {
  displayName: string;
  identity: PlatformIdentity;
  organisationId?: string;
  roles: readonly Role[];
}

export interface SavePersonResult {
  person: Person;
  /** `added` a new person, `updated` an existing one, or `unchanged` (the form matched the record). */
  outcome: 'added' | 'updated' | 'unchanged';
}

function personIdFor(identity: PlatformIdentity): string {
  return `P-${accountOf(identity).replace(/[^a-z0-9]/gi, '').slice(-24)}`;
}

function sameDetails(a: Person, b: Person): boolean {
  return a.displayName === b.displayName && a.organisationId === b.organisationId && [...a.roles].sort().join() === [...b.roles].sort().join();
}

export async function savePerson(repo: Repository, ctx: ChangeContext, requesterId: string, draft: PersonDraft): Promise<SavePersonResult> {
  return repo.transact(ctx, (tx) => {
    demand(tx.get('people', requesterId), 'people.manage');
    const problems: FieldProblem[] = [];
    if (draft.organisationId && !tx.get('organisations', draft.organisationId)) problems.push({ field: 'organisationId', message: 'Choose an organisation from the list.' });
    if (draft.roles.length === 0) problems.push({ field: 'roles', message: 'Choose at least one role.' });
    const existing = findPerson(tx, draft.identity);
    if (existing?.id === requesterId && !draft.roles.includes('admin')) problems.push({ field: 'roles', message: 'You cannot remove your own admin role; ask another admin.' });
    if (problems.length > 0) throw ValidationError.ofFields(problems);

    const person: Person = {
      ...existing,
      id: existing?.id ?? personIdFor(draft.identity),
      displayName: draft.displayName,
      roles: [...new Set(draft.roles)],
      identities: existing?.identities ?? [draft.identity],
      createdAt: existing?.createdAt ?? tx.now,
      updatedAt: tx.now,
    };
    if (draft.organisationId) person.organisationId = draft.organisationId;
    else delete person.organisationId;
    if (existing && sameDetails(existing, person)) return { person: existing, outcome: 'unchanged' };
    tx.put('people', person, { action: existing ? 'person.update' : 'person.add', detail: { roles: person.roles } });
    return { person, outcome: existing ? 'updated' : 'added' };
  });
}
