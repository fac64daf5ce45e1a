// Teams conformance fixtures (test/conformance/teams/fixtures/*.json, each an activity in a shape
// Microsoft documents, its source named) made ready to post: `${KEY}` placeholders filled in with
// the test's values (escaped for JSON), the source checked, and a fresh activity id each time so
// the bot's repeated-delivery guard never takes two posts of one fixture for one delivery.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Person } from '../../src/domain/model.ts';
import type { Repository } from '../../src/store/repository.ts';
import { assignOwner, registerTeamsPerson } from './forum-people.ts';
import type { Activity, TeamsUser } from './teams-activities.ts';

export const TEAMS_FIXTURES = path.join(import.meta.dirname, '..', 'conformance', 'teams', 'fixtures');

let sent = 0;

export function teamsFixture(name: string, values: Record<string, string>, overrides: Activity = {}): Activity {
  const text = readFileSync(path.join(TEAMS_FIXTURES, `${name}.json`), 'utf8').replace(/\$\{(\w+)\}/g, (_m, key: string) => JSON.stringify(values[key] ?? `\${${key}}`).slice(1, -1));
  const parsed = JSON.parse(text) as { source: string; activity: Activity };
  expect(parsed.source, `${name} names its source`).to.match(/docs|sample|issue/i);
  sent += 1;
  return { ...parsed.activity, id: `${String(parsed.activity.id)}-${sent}`, ...overrides };
}

/** The user registered as a forum person who owns an on-track milestone of the seed. */
export async function ownerOfAMilestone(store: Repository, user: TeamsUser, roles: Person['roles'] = ['member'], tenantId?: string): Promise<{ person: Person; milestoneId: string }> {
  const person = await registerTeamsPerson(store, user, roles, 'rmbc', tenantId);
  const milestone = store.all('milestones').find((m) => m.status === 'on-track');
  if (!milestone) throw new Error('no on-track milestone in the seed');
  await assignOwner(store, milestone.id, person.id);
  return { person, milestoneId: milestone.id };
}
