// A partner officer enters an application on a group's behalf (groups are mostly not in the
// forum's Teams or Slack): the public form's questions, read by the same parser, saved by the same
// domain service with the officer named; the group's private status link is given to the officer,
// in a 1:1 chat only, to pass on.
import { renderCard } from '../../cards/render-card.ts';
import { may, refusalFor } from '../../domain/access/permissions.ts';
import { listAreas } from '../../domain/areas.ts';
import { GROUP_TYPE_LABELS, parseApplication, TEXT_FIELDS, THEME_LABELS, type RawAnswers } from '../../domain/grants/application-form.ts';
import { RoundClosedError, submitApplication } from '../../domain/grants/grant-applications.ts';
import { GROUP_TYPES, type GrantRound } from '../../domain/grants/grant-records.ts';
import { openRoundOn } from '../../domain/grants/grant-rounds.ts';
import type { GrantApplicationFormCard } from '../../cards/card-models-grants.ts';
import type { CardAction } from '../card-actions.ts';
import { cardReply, changeContext, textReply, type Reply, type Turn } from '../turn.ts';
import { pounds } from '../views/grant-views.ts';
import { inert } from '../inert-text.ts';

const wards = () => listAreas().filter((a) => a.kind === 'ward');
const list = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

function formCard(round: GrantRound, raw: Record<string, string | undefined>, errors: string[]): GrantApplicationFormCard {
  return {
    demo: round.demo,
    roundText: `${round.name}: open until ${round.closesOn}; largest award ${pounds(round.maxAward)}.`,
    errors,
    eligibleConfirmed: raw.eligibleConfirmed ?? 'no',
    textFields: Object.entries(TEXT_FIELDS).map(([id, f]) => ({ id, label: f.label, isMultiline: f.max > 500, maxLength: f.max, value: raw[id] ?? '' })),
    groupType: raw.groupType ?? '',
    groupTypes: GROUP_TYPES.map((t) => ({ title: GROUP_TYPE_LABELS[t], value: t })),
    wards: raw.wards ?? '',
    wardChoices: wards().map((w) => ({ title: w.name, value: w.id })),
    themes: raw.themes ?? '',
    themeChoices: round.criteria.map((t) => ({ title: THEME_LABELS[t], value: t })),
    amount: raw.amount ?? '',
  };
}

function refusal(turn: Turn): Reply | undefined {
  if (!may(turn.person, 'grants.enter')) return textReply(refusalFor('grants.enter'));
  if (turn.conversation !== 'personal' && !turn.channel.privateReplies) return textReply('An application holds the contact\'s personal details: enter it in your 1:1 chat with me.');
  return undefined;
}

export function applicationForm(turn: Turn): Reply {
  const refused = refusal(turn);
  if (refused) return refused;
  const round = openRoundOn(turn.deps.store, turn.today);
  if (!round) return textReply('No grants round is open today, so there is nothing to apply to.');
  return cardReply(renderCard('grant-application-form', formCard(round, {}, [])), 'Enter a grant application', 'interactor');
}

export async function enterApplication(turn: Turn, action: Extract<CardAction, { verb: 'grant.enter' }>): Promise<Reply> {
  const refused = refusal(turn);
  if (refused || !turn.person) return refused ?? textReply(refusalFor('grants.enter'));
  const round = openRoundOn(turn.deps.store, turn.today);
  if (!round) return textReply('No grants round is open today, so the application was not saved.');
  const raw = action as unknown as Record<string, string | undefined>;
  const answers: RawAnswers = { ...raw, wards: list(raw.wards), themes: list(raw.themes) };
  const parsed = parseApplication(answers, round, new Set(wards().map((w) => w.id)));
  const problems = [...(raw.eligibleConfirmed === 'yes' ? [] : ['Confirm that you have checked the group can apply.']), ...(parsed.ok ? [] : parsed.problems.map((p) => p.message))];
  if (!parsed.ok || problems.length > 0) return cardReply(renderCard('grant-application-form', formCard(round, raw, problems)), 'Enter a grant application', 'interactor');
  const minter = turn.deps.grantLinks;
  if (!minter) return textReply('Applications cannot be entered on this server (the grants pages are not running). Nothing was saved.');
  const link = minter.mint();
  try {
    const { application } = await submitApplication(turn.deps.store, changeContext(turn), { draft: parsed.draft, statusLinkId: link.id, enteredByPersonId: turn.person.id });
    const announced = await turn.deps.reminders.replan();
    return textReply(
      `Application ${application.id} saved for ${inert(application.group.name)} (${pounds(application.amount)}).${announced ? ' The forum channels will be told of it.' : ''} Send the group its private status link, and only to its contact: ${link.url}`,
    );
  } catch (error) {
    if (error instanceof RoundClosedError) return textReply('The round closed before the application was saved; nothing was saved.');
    throw error;
  }
}
