// Real @mentions in channel posts that concern people (the meeting pack's chair and milestone
// owners, the weekly digest's and an overdue list's owners), so Teams and Slack notify them. The
// card carries Teams' documented form whichever platform it goes to: `<at>Name</at>` in a TextBlock
// and a matching entity in the card's `msteams.entities` (Microsoft Teams docs, "Text formatting
// in cards", section "Mention support within Adaptive Cards": entity { type: "mention", text,
// mentioned { id, name } }, the id a Teams user id or the Microsoft Entra object id). For Slack the
// entity's id is the person's Slack user id, and the Slack renderer writes `<@U…>` in its place
// (block-kit/mrkdwn.ts). Only people whose account on the target platform is known are mentioned;
// anyone else is named in plain text.
import type { AdaptiveCard } from '../../cards/render-card.ts';
import type { Channel, Person } from '../../domain/model.ts';

export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

export interface PeopleLine {
  /** For a TextBlock: "Chair: <at>Ann</at>. Owners: <at>Bo</at>, Cy." */
  text: string;
  mentions: MentionEntity[];
}

/** At most this many people named in one line; the rest are counted. */
export const MAX_MENTIONED = 20;
const SLACK_USER = /^[UW][A-Z0-9]{2,30}$/;

/** A display name safe inside `<at>…</at>` and markdown: no tags, no formatting marks. */
function plainName(person: Person): string {
  return person.displayName.replace(/[<>&*_~`[\]\\#|]/g, '').replace(/\s+/g, ' ').trim() || 'someone';
}

/** The person's account on `via`, as a mention id (Teams: Entra object id; Slack: user id). */
function mentionId(person: Person, via: Channel): string | undefined {
  for (const identity of person.identities) {
    if (via === 'teams' && identity.platform === 'teams') return identity.aadObjectId;
    if (via === 'slack' && identity.platform === 'slack' && SLACK_USER.test(identity.userId)) return identity.userId;
  }
  return undefined;
}

/** One line naming each group's people, mentioned where their account on `via` is known; undefined when nobody is named. */
export function peopleLine(groups: readonly { label: string; people: readonly Person[] }[], via: Channel | undefined): PeopleLine | undefined {
  const mentions = new Map<string, MentionEntity>();
  const parts: string[] = [];
  let named = 0;
  for (const group of groups) {
    const unique = [...new Map(group.people.map((p) => [p.id, p])).values()];
    if (unique.length === 0) continue;
    const shown = unique.slice(0, Math.max(0, MAX_MENTIONED - named));
    named += shown.length;
    const names = shown.map((person) => {
      const name = plainName(person);
      const id = via ? mentionId(person, via) : undefined;
      if (!id) return name;
      const text = `<at>${name}</at>`;
      mentions.set(text, { type: 'mention', text, mentioned: { id, name } });
      return text;
    });
    const more = unique.length - shown.length;
    if (names.length === 0 && more === 0) continue;
    parts.push(`${group.label}: ${names.join(', ')}${more > 0 ? `${names.length > 0 ? ' and ' : ''}${more} more` : ''}.`);
  }
  return parts.length === 0 ? undefined : { text: parts.join(' '), mentions: [...mentions.values()] };
}

/** The card with its mention entities (Teams reads `msteams.entities`; the Slack renderer reads the same). */
export function withMentions(card: AdaptiveCard, mentions: readonly MentionEntity[] | undefined): AdaptiveCard {
  if (!mentions || mentions.length === 0) return card;
  const msteams = card.msteams && typeof card.msteams === 'object' ? (card.msteams as Record<string, unknown>) : {};
  return { ...card, msteams: { ...msteams, entities: [...mentions] } };
}
