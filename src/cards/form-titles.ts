// One short title per form, the same every time it opens (a Slack modal's title, a Teams dialog's):
// the card's heading changes with what it shows ("Update BSC-3.3-M1", "Edit: <meeting title>") and
// is often longer than Slack's 24 characters, so a form is named by what its submit does.
import type { AdaptiveCard } from './render-card.ts';

/** By the verb of the form's submit (Action.Execute); 24 characters at most. */
export const FORM_TITLES: Readonly<Record<string, string>> = {
  'intel.submit': 'Log intelligence',
  'intel.review': 'Review a report',
  'meeting.save': 'Forum meeting',
  'meeting.rsvp': 'Reply to a meeting',
  'milestone.assign': 'Milestone owner',
  'milestone.update': 'Update a milestone',
  'milestone.note-form': 'Add a progress note',
  'person.save': 'Add a person',
  'grant.enter': 'Grant application',
  'grant.score': 'Score an application',
  'grant.decide': 'Grant decision',
  'grant.pay': 'Record a payment',
  'grant.open-round': 'Open a grants round',
  'grant.set-budget': 'Grants round budget',
};

/** For a card with inputs whose submit is not listed (a test fails for any form of ours). */
export const DEFAULT_FORM_TITLE = 'Stronger Communities';

/** The verb of the card's first Action.Execute that names a form, if any. */
export function formVerb(card: AdaptiveCard): string | undefined {
  for (const action of card.actions ?? []) {
    if (!action || typeof action !== 'object' || !('type' in action) || action.type !== 'Action.Execute') continue;
    const verb = 'verb' in action ? action.verb : undefined;
    if (typeof verb === 'string' && Object.hasOwn(FORM_TITLES, verb)) return verb;
  }
  return undefined;
}

export function formTitle(card: AdaptiveCard): string {
  const verb = formVerb(card);
  return (verb && FORM_TITLES[verb]) || DEFAULT_FORM_TITLE;
}
