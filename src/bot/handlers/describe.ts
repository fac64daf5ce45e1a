// Shared wording: how people, organisations and statuses are named on cards and in replies.
import type { Organisation, Responsible } from '../../domain/model.ts';
import type { ReadView } from '../../store/repository.ts';

export function organisationName(view: ReadView, id: string): string {
  const org = view.get('organisations', id);
  return org ? (org.shortName ?? org.name) : id;
}

/** "Jo Bloggs (SYP)" once a person is assigned, otherwise "Community Safety Manager, RMBC". */
export function responsibleText(view: ReadView, who: Responsible): string {
  const person = who.personId ? view.get('people', who.personId) : undefined;
  const org = organisationName(view, who.organisationId);
  return person ? `${person.displayName} (${who.role}, ${org})` : `${who.role}, ${org}`;
}

export function organisationsByName(view: ReadView): Organisation[] {
  return [...view.all('organisations')].sort((a, b) => a.name.localeCompare(b.name));
}

/** What the seed plan's history and updates are said to come from (the seed records its actor as 'seed'). */
const FROM_THE_PLAN = 'as loaded from the action plan';

/** Who changed something and how, in one phrase: "Jo Bloggs via Teams", or "as loaded from the action plan" for the seed. */
export function changedBy(by: string, via: string): string {
  return via === 'seed' || by === 'seed' ? FROM_THE_PLAN : `${by} via ${viaText(via)}`;
}

/** "by Jo Bloggs" after "Last updated ...", or the seed's phrase. */
export function updatedByText(by: string): string {
  return by === 'seed' ? FROM_THE_PLAN : `by ${by}`;
}

export function viaText(via: string): string {
  return ({ teams: 'Teams', slack: 'Slack', cli: 'the command line', seed: 'the seed plan', system: 'the bot', import: 'a CSV import' } as Record<string, string>)[via] ?? via;
}
