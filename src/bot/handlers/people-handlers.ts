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
import { reachProblemOf, unreachableRoleWarning } from '../people/private-reach.ts';

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
  const account = turn.channel.accountCode ?? (turn.channel.identity ? accountOf(turn.channel.identity) : undefined);
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

type Member = { account: string; name: string };

/** The tenant a Teams account code without one belongs to: the conversation's host (the admin's own where the channel did not say). */
function hostTenant(turn: Turn): string | undefined {
  return turn.channel.hostTenantId ?? (turn.channel.identity?.platform === 'teams' ? turn.channel.identity.tenantId : undefined);
}

function personForm(turn: Turn, values: Partial<PersonFormCard>, errors: string[] = [], notice?: Notice, members: readonly Member[] = []): Reply {
  const card: PersonFormCard = {
    displayName: values.displayName ?? '',
    account: values.account ?? '',
    organisationId: values.organisationId ?? '',
    organisations: organisationsByName(turn.deps.store).map((o) => ({ title: o.name, value: o.id })),
    roles: values.roles ?? 'member',
    roleChoices: ROLES.map((r) => ({ title: ROLE_TITLES[r], value: r })),
    members: members.map((m) => ({ title: m.name, value: m.account })),
    member: values.member ?? '',
    userPicker: turn.channel.userPicker !== undefined,
    pickedUser: values.pickedUser ?? '',
    errors,
    ...(notice ? { notice } : {}),
  };
  return cardReply(renderCard('person-form', card), 'Add a person', 'interactor');
}

/**
 * The people of this conversation the forum does not know yet, to choose from instead of asking
 * for an account code. None where the platform lists no members (a 1:1 chat, Slack) or the roster
 * cannot be read: the account code still works.
 */
async function newMembers(turn: Turn): Promise<Member[]> {
  const list = turn.channel.conversationMembers;
  if (!list) return [];
  try {
    const tenantId = hostTenant(turn);
    const known = new Set(turn.deps.store.all('people').flatMap((p) => p.identities.map((i) => accountOf(i).toLowerCase())));
    const members = await list();
    return members.filter((m) => !known.has(m.account.toLowerCase()) && identityFromAccount(m.account, tenantId)).slice(0, 100);
  } catch (error) {
    turn.deps.logger.warn({ err: error }, 'could not read the conversation\'s members; the account code still works');
    return [];
  }
}

export async function addPersonForm(turn: Turn): Promise<Reply> {
  if (!may(turn.person, 'people.manage')) return textReply(refusalFor('people.manage'));
  const reply = personForm(turn, {}, [], undefined, await newMembers(turn));
  return reply.kind === 'card' ? { kind: 'card', card: reply.card, summary: reply.summary } : reply;
}

export async function savePerson(turn: Turn, action: Extract<CardAction, { verb: 'person.save' }>): Promise<Reply> {
  const admin = turn.person;
  if (!admin || !may(admin, 'people.manage')) return textReply(refusalFor('people.manage'));
  const typed = { displayName: action.displayName ?? '', account: action.account ?? '', member: action.member ?? '', pickedUser: action.pickedUser ?? '', organisationId: action.organisationId ?? '', roles: action.roles.join(',') };
  // Someone chosen with the platform's picker (Slack's users_select): their account, and their name from the platform unless one was typed.
  const picker = action.pickedUser ? turn.channel.userPicker : undefined;
  if (action.pickedUser && !picker) return personForm(turn, typed, ['The person picker only works where it was shown: give their account code instead.']);
  const pickedAccount = picker && action.pickedUser ? picker.accountOf(action.pickedUser) : undefined;
  const pickedName = picker && action.pickedUser && !action.displayName ? await picker.nameOf(action.pickedUser) : undefined;
  const members = action.member ? await newMembers(turn) : [];
  // Someone chosen from the conversation: checked against the roster again, and named as it names them.
  const chosen = action.member ? members.find((m) => m.account.toLowerCase() === action.member?.toLowerCase()) : undefined;
  if (action.member && !chosen) return personForm(turn, typed, ['The person chosen is no longer in this conversation, or is already known to the forum: choose again, or give their account code.'], undefined, members);
  const account = pickedAccount ?? chosen?.account ?? action.account ?? '';
  const displayName = action.displayName || chosen?.name || pickedName || '';
  const missing = [...(account ? [] : [picker || turn.channel.userPicker ? 'Choose the person, or give their account code (they type `whoami` to me).' : 'Choose someone in this conversation, or give their account code (they type `whoami` to me).']), ...(displayName ? [] : ['Name is missing.'])];
  if (missing.length > 0) return personForm(turn, typed, missing, undefined, members);
  const identity = identityFromAccount(account, hostTenant(turn));
  if (!identity) return personForm(turn, typed, ['The account code is not one I recognise: it looks like teams:0a1b2c3d-… or slack:T…:U… (from whoami). A Teams code can only be added from Teams.'], undefined, members);
  try {
    const saved = await savePersonRecord(turn.deps.store, changeContext(turn), admin.id, {
      displayName,
      identity,
      ...(action.organisationId ? { organisationId: action.organisationId } : {}),
      roles: action.roles,
    });
    const name = inert(saved.person.displayName);
    const text =
      saved.outcome === 'unchanged'
        ? `${name} already has these details (${saved.person.roles.join(', ')}), so nothing changed.`
        : `${saved.outcome === 'added' ? 'Added' : 'Updated'} ${name} (${saved.person.roles.join(', ')}). Add another below, or close this card.`;
    // Roles beyond member send things privately (alerts, notices): said now if that cannot work.
    const privateRoles = saved.person.roles.filter((r) => r !== 'member');
    const problem = saved.outcome !== 'unchanged' && privateRoles.length > 0 ? await reachProblemOf(turn, saved.person.identities) : undefined;
    const notice: Notice = problem
      ? { text: `${text} ${unreachableRoleWarning(name, problem, `The role (${privateRoles.join(', ')})`)}`, colour: 'Warning' }
      : { text, colour: saved.outcome === 'unchanged' ? 'Default' : 'Good' };
    if (problem) turn.deps.logger.info({ roles: privateRoles }, 'a role was given to someone the bot cannot reach privately; the admin was warned');
    return personForm(turn, {}, [], notice, await newMembers(turn));
  } catch (error) {
    if (error instanceof ValidationError) return personForm(turn, typed, error.problems, undefined, members);
    throw error;
  }
}
