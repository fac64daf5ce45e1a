// A store with a grants round, people in the grants roles and submitted applications, for the
// domain tests of the fund. Amounts and dates are chosen so a test can compute them by hand.
import { randomBytes } from 'node:crypto';
import type { ApplicationDraft } from '../../src/domain/grants/application-form.ts';
import { submitApplication } from '../../src/domain/grants/grant-applications.ts';
import type { GrantRound } from '../../src/domain/grants/grant-records.ts';
import type { Person, Role } from '../../src/domain/model.ts';
import type { ChangeContext, Repository } from '../../src/store/repository.ts';

export const SETUP: ChangeContext = { actor: { name: 'test setup' }, via: 'cli' };
export const WEB: ChangeContext = { actor: { name: 'applicant' }, via: 'web' };

export function ctxOf(person: Person): ChangeContext {
  return { actor: { name: person.displayName, personId: person.id }, via: 'teams' };
}

export async function addPerson(store: Repository, id: string, roles: Role[]): Promise<Person> {
  return store.transact(SETUP, (tx) => {
    const person: Person = { id, displayName: `Person ${id}`, roles, identities: [], createdAt: tx.now, updatedAt: tx.now };
    tx.put('people', person, { action: 'person.add' });
    return person;
  });
}

export function testRound(overrides: Partial<GrantRound> = {}): GrantRound {
  return {
    id: 'ROUND-T',
    name: 'Test round',
    opensOn: '2026-11-01',
    closesOn: '2026-12-31',
    programmeEndsOn: '2028-03-31',
    maxAward: 1000,
    criteria: ['civic-pride', 'bringing-together'],
    budget: { council: 1500, rtp: 1000, external: 0 },
    demo: false,
    createdBy: 'test',
    createdAt: '2026-11-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export async function putRound(store: Repository, round: GrantRound = testRound()): Promise<GrantRound> {
  await store.transact(SETUP, (tx) => tx.put('grantRounds', round, { action: 'grants.round.open' }));
  return round;
}

export function draft(overrides: Partial<ApplicationDraft> = {}): ApplicationDraft {
  return {
    group: { name: 'Eastwood Friends', type: 'constituted-group' },
    contact: { name: 'Sam Applicant', email: 'sam@example.org' },
    project: { title: 'Street party', description: 'A party on the street.', difference: 'Neighbours meet.' },
    wards: ['E05012996'],
    themes: ['bringing-together'],
    amount: 800,
    ...overrides,
  };
}

export const linkId = (): string => randomBytes(32).toString('base64url');

export async function apply(store: Repository, overrides: Partial<ApplicationDraft> = {}): Promise<string> {
  const { application } = await submitApplication(store, WEB, { draft: draft(overrides), statusLinkId: linkId() });
  return application.id;
}

/** The error `promise` rejects with, checked for its class and message; fails if it resolves. */
export async function rejection<E extends Error>(promise: Promise<unknown>, kind: new (...args: never[]) => E, message?: RegExp): Promise<E> {
  let outcome: unknown;
  try {
    await promise;
  } catch (error) {
    outcome = error;
  }
  if (!(outcome instanceof kind)) throw new Error(`expected a ${kind.name}, got ${outcome === undefined ? 'success' : String(outcome)}`);
  if (message && !message.test(outcome.message)) throw new Error(`expected the message to match ${String(message)}, got "${outcome.message}"`);
  return outcome;
}
