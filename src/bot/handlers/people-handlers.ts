// Who is who: `whoami` for anyone, the list of people for coordinators, and the form with which an
// admin links a chat account to a forum person with an organisation and roles.
import type { Notice, PersonFormCard } from '../../cards/card-models.ts';
import { renderCard } from '../../cards/render-card.ts';
import { ROLES, type Person, type Role } from '../../domain/model.ts';
import type { CardAction } from '../card-actions.ts';
import { accountOf, findPerson, identityFromAccount } from '../people/identify-person.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { organisationName, organisationsByName } from './describe.ts';
import { peopleList } from '../views/list-views.ts';
import { inert } from '../inert-text.ts';

const ROLE_TITLES: Record<Role, string> = {
  member: 'Member: updates the milestones they own',
  coordinator: 'Coordinator: updates any milestone, manages reminders',
  'intel-reviewer': 'Intelligence reviewer: reads and handles reports',
  admin: 'Admin: everything, including people',
};

const hasRole = (person: Person | undefined, ...roles: Role[]) => Boolean(person?.roles.some((r) => roles.includes(r)));

export function whoAmI(turn: Turn): Reply {
  const account = turn.channel.identity ? accountOf(turn.channel.identity) : undefined;
  if (!account) return textReply('I cannot see an account id for you on this channel, so I cannot link you to the forum.');
  if (!turn.person) {
    return textReply(`I do not know you yet. Your account code is \`${account}\`: send it to a forum coordinator or admin, who can add you with \`add person\`.`);
  }
  const org = turn.person.organisationId ? `, ${inert(organisationName(turn.deps.store, turn.person.organisationId))}` : '';
  return textReply(`You are ${inert(turn.person.displayName)}${org}. Roles: ${turn.person.roles.join(', ') || 'none'}. Account code: \`${account}\`.`);
}

/** The people the forum knows, as a card: admins get a Change button on each, and Add a person. */
export function listPeople(turn: Turn): Reply {
  if (!hasRole(turn.person, 'admin', 'coordinator')) return textReply('Only forum coordinators and admins can list people.');
  const people = [...turn.deps.store.all('people')].sort((a, b) => a.displayName.localeCompare(b.displayName));
  if (people.length === 0) return textReply('Nobody is registered yet.');
  return cardReply(renderCard('item-list', peopleList(turn.deps.store, people, hasRole(turn.person, 'admin'))), 'People');
}

/** Change from the people list: the form filled in with the person as stored, their first account as the code. */
export function editPersonForm(turn: Turn, personId: string): Reply {
  if (!hasRole(turn.person, 'admin')) return textReply('Only forum admins can change people.');
  const person = turn.deps.store.get('people', personId);
  const identity = person?.identities[0];
  if (!person || !identity) return textReply('That person is no longer registered.');
  return personForm(turn, { displayName: person.displayName, account: accountOf(identity), organisationId: person.organisationId ?? '', roles: person.roles.join(',') });
}

function personForm(turn: Turn, values: Partial<PersonFormCard>, errors: string[] = [], notice?: Notice): Reply {
  const card: PersonFormCard = {
    displayName: values.displayName ?? '',
    account: values.account ?? '',
    organisationId: values.organisationId ?? '',
    organisations: organisationsByName(turn.deps.store).map((o) => ({ title: o.name, value: o.id })),
    roles: values.roles ?? 'member',
    roleChoices: ROLES.map((r) => ({ title: ROLE_TITLES[r], value: r })),
    errors,
    ...(notice ? { notice } : {}),
  };
  return cardReply(renderCard('person-form', card), 'Add a person', 'interactor');
}

export function addPersonForm(turn: Turn): Reply {
  if (!hasRole(turn.person, 'admin')) return textReply('Only forum admins can add people. Ask an admin, and give them your account code from `whoami`.');
  const reply = personForm(turn, {});
  return reply.kind === 'card' ? { kind: 'card', card: reply.card, summary: reply.summary } : reply;
}

export async function savePerson(turn: Turn, action: Extract<CardAction, { verb: 'person.save' }>): Promise<Reply> {
  const admin = turn.person;
  if (!admin || !hasRole(admin, 'admin')) return textReply('Only forum admins can add people.');
  const typed = { displayName: action.displayName, account: action.account, organisationId: action.organisationId ?? '', roles: action.roles.join(',') };
  const tenantId = turn.channel.identity?.platform === 'teams' ? turn.channel.identity.tenantId : undefined;
  const identity = identityFromAccount(action.account, tenantId);
  const errors: string[] = [];
  if (!identity) errors.push('The account code is not one I recognise: it looks like teams:0a1b2c3d-… or slack:T…:U… (from whoami). A Teams code can only be added from Teams.');
  if (action.organisationId && !turn.deps.store.get('organisations', action.organisationId)) errors.push('Choose an organisation from the list.');
  if (action.roles.length === 0) errors.push('Choose at least one role.');
  if (identity && accountOf(identity) === turn.channel.account && !action.roles.includes('admin')) errors.push('You cannot remove your own admin role; ask another admin.');
  if (errors.length > 0 || !identity) return personForm(turn, typed, errors);

  const saved = await turn.deps.store.transact({ actor: { personId: admin.id, name: admin.displayName, ...(turn.channel.account ? { account: turn.channel.account } : {}) }, via: turn.channel.via }, (tx) => {
    const existing = findPerson(tx, identity);
    const person: Person = {
      id: existing?.id ?? `P-${accountOf(identity).replace(/[^a-z0-9]/gi, '').slice(-24)}`,
      displayName: action.displayName,
      ...(action.organisationId ? { organisationId: action.organisationId } : {}),
      roles: [...new Set(action.roles)],
      identities: existing?.identities ?? [identity],
      createdAt: existing?.createdAt ?? tx.now,
      updatedAt: tx.now,
    };
    tx.put('people', person, { action: existing ? 'person.update' : 'person.add', detail: { roles: person.roles } });
    return { person, added: !existing };
  });
  const notice: Notice = { text: `${saved.added ? 'Added' : 'Updated'} ${inert(saved.person.displayName)} (${saved.person.roles.join(', ')}). Add another below, or close this card.`, colour: 'Good' };
  return personForm(turn, {}, [], notice);
}
