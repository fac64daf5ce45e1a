// Who is who: `whoami` for anyone, the list of people for coordinators, and the form with which an
// admin links a chat account to a forum person with an organisation and roles.
import type { Notice, PersonFormCard } from '../../cards/card-models.ts';
import { renderCard } from '../../cards/render-card.ts';
import { may, refusalFor } from '../../domain/access/permissions.ts';
import { ValidationError } from '../../domain/errors.ts';
import { ROLES, type Role } from '../../domain/model.ts';
import { accountOf, identityFromAccount } from '../../domain/people/identities.ts';
import { savePerson as savePersonRecord } from '../../domain/people/person-changes.ts';
import type { CardAction } from '../card-actions.ts';
import { cardReply, changeContext, textReply, type Reply, type Turn } from '../turn.ts';
import { organisationName, organisationsByName } from './describe.ts';
import { peopleList } from '../views/list-views.ts';
import { inert } from '../inert-text.ts';

const ROLE_TITLES: Record<Role, string> = {
  member: 'Member: updates the milestones they own',
  coordinator: 'Coordinator: updates any milestone, manages reminders',
  'intel-reviewer': 'Intelligence reviewer: reads and handles reports',
  admin: 'Admin: everything, including people',
  'grants-panel': 'Grants panel: scores grant applications, sees applicants\' contact details',
  // Slack shows at most 75 characters of an option.
  'grants-decider': 'Grants decider: awards or declines, records payments (delegated authority)',
};

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
  if (!may(turn.person, 'people.list')) return textReply(refusalFor('people.list'));
  const people = [...turn.deps.store.all('people')].sort((a, b) => a.displayName.localeCompare(b.displayName));
  if (people.length === 0) return textReply('Nobody is registered yet.');
  return cardReply(renderCard('item-list', peopleList(turn.deps.store, people, may(turn.person, 'people.manage'))), 'People');
}

/** Change from the people list: the form filled in with the person as stored, their first account as the code. */
export function editPersonForm(turn: Turn, personId: string): Reply {
  if (!may(turn.person, 'people.manage')) return textReply(refusalFor('people.manage'));
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
  if (!may(turn.person, 'people.manage')) return textReply(refusalFor('people.manage'));
  const reply = personForm(turn, {});
  return reply.kind === 'card' ? { kind: 'card', card: reply.card, summary: reply.summary } : reply;
}

export async function savePerson(turn: Turn, action: Extract<CardAction, { verb: 'person.save' }>): Promise<Reply> {
  const admin = turn.person;
  if (!admin || !may(admin, 'people.manage')) return textReply(refusalFor('people.manage'));
  const typed = { displayName: action.displayName, account: action.account, organisationId: action.organisationId ?? '', roles: action.roles.join(',') };
  const tenantId = turn.channel.identity?.platform === 'teams' ? turn.channel.identity.tenantId : undefined;
  const identity = identityFromAccount(action.account, tenantId);
  if (!identity) return personForm(turn, typed, ['The account code is not one I recognise: it looks like teams:0a1b2c3d-… or slack:T…:U… (from whoami). A Teams code can only be added from Teams.']);
  try {
    const saved = await savePersonRecord(turn.deps.store, changeContext(turn), admin.id, {
      displayName: action.displayName,
      identity,
      ...(action.organisationId ? { organisationId: action.organisationId } : {}),
      roles: action.roles,
    });
    const name = inert(saved.person.displayName);
    const text =
      saved.outcome === 'unchanged'
        ? `${name} already has these details (${saved.person.roles.join(', ')}), so nothing changed.`
        : `${saved.outcome === 'added' ? 'Added' : 'Updated'} ${name} (${saved.person.roles.join(', ')}). Add another below, or close this card.`;
    const notice: Notice = { text, colour: saved.outcome === 'unchanged' ? 'Default' : 'Good' };
    return personForm(turn, {}, [], notice);
  } catch (error) {
    if (error instanceof ValidationError) return personForm(turn, typed, error.problems);
    throw error;
  }
}
