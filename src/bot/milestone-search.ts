// Finding and sharing milestones from where people write: a Teams search message extension
// (`composeExtension/query`: the person types in the compose box and picks a milestone, whose card
// goes into the conversation) and link unfurling (`composeExtension/queryLink`: a pasted
// `<PUBLIC_URL>/m/<id>` becomes the milestone's card). The Slack channel sends its link_shared
// events and its "Share a milestone" search the same way, so the rules live here once. Only
// milestones are ever found or unfurled: never intelligence, never people.
// Shapes: Microsoft Teams docs, "Respond to search command" and "Link unfurling"
// (msteams-platform/messaging-extensions/how-to/search-commands/, .../link-unfurling.md).
import { z } from 'zod';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderCard } from '../cards/render-card.ts';
import { formatDay, statusView } from '../cards/format.ts';
import { effectiveDue } from '../domain/milestones/milestone-rules.ts';
import { findMilestones } from '../domain/milestones/milestone-queries.ts';
import type { Milestone } from '../domain/model.ts';
import { responsibleText } from './handlers/describe.ts';
import { milestoneShareCard } from './views/milestone-views.ts';
import type { Turn } from './turn.ts';

export const SEARCH_INVOKES = { query: 'composeExtension/query', link: 'composeExtension/queryLink' } as const;
export type SearchKind = keyof typeof SEARCH_INVOKES;
/** The search command the Teams manifest declares. */
export const SEARCH_COMMAND = 'findMilestone';
export const SEARCH_PARAMETER = 'query';
const DEFAULT_COUNT = 10;
const MAX_COUNT = 25;

export function searchKind(name: string | undefined): SearchKind | undefined {
  return name === SEARCH_INVOKES.query ? 'query' : name === SEARCH_INVOKES.link ? 'link' : undefined;
}

const querySchema = z.object({
  commandId: z.string().max(64),
  parameters: z.array(z.object({ name: z.string().max(64), value: z.unknown() })).max(10).optional(),
  queryOptions: z.object({ skip: z.coerce.number().int().min(0).max(10_000).optional(), count: z.coerce.number().int().min(1).max(100).optional() }).optional(),
});
const linkSchema = z.object({ url: z.string().max(2000) });

type Attachment = { contentType: string; content: unknown; preview?: { contentType: string; content: { title: string; text: string } } };
const result = (attachments: Attachment[]) => ({ composeExtension: { type: 'result', attachmentLayout: 'list', attachments } });
const message = (text: string) => ({ composeExtension: { type: 'message', text } });

function shared(turn: Turn, m: Milestone): Attachment {
  const card = renderCard('milestone-share', milestoneShareCard(turn.deps.store, m, turn.today, turn.now));
  const status = statusView(m.status).label;
  return {
    contentType: ADAPTIVE_CARD_CONTENT_TYPE,
    content: card,
    preview: { contentType: 'application/vnd.microsoft.card.thumbnail', content: { title: m.id, text: `${status} · due ${formatDay(effectiveDue(m))} · ${m.description}`.slice(0, 300) } },
  };
}

/** Milestones matching every word, in the id, the description, the action, the owner or the organisation. */
export function matchingMilestones(turn: Turn, query: string): Milestone[] {
  const { store } = turn.deps;
  const words = query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
  const all = findMilestones(store, { today: turn.today });
  if (words.length === 0) {
    // Nothing typed yet: the person's own open milestones, or else the open ones due soonest.
    const open = findMilestones(store, { today: turn.today, openOnly: true });
    const mine = turn.person ? open.filter((m) => m.owner.personId === turn.person?.id) : [];
    return mine.length > 0 ? mine : open;
  }
  return all.filter((m) => {
    const action = store.get('actions', m.actionId);
    const org = store.get('organisations', m.owner.organisationId);
    const haystack = `${m.id} ${m.description} ${action?.title ?? ''} ${responsibleText(store, m.owner)} ${org?.name ?? ''} ${org?.shortName ?? ''}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** `composeExtension/query`: milestones to pick from, each with its card to share. */
export function answerSearch(turn: Turn, value: unknown): object {
  const parsed = querySchema.safeParse(value);
  if (!parsed.success || parsed.data.commandId !== SEARCH_COMMAND) return message('That is not a search I know (perhaps from an older version of the app).');
  const typed = parsed.data.parameters?.find((p) => p.name === SEARCH_PARAMETER)?.value;
  const query = typeof typed === 'string' ? typed.slice(0, 200) : '';
  const skip = parsed.data.queryOptions?.skip ?? 0;
  const count = Math.min(parsed.data.queryOptions?.count ?? DEFAULT_COUNT, MAX_COUNT);
  const found = matchingMilestones(turn, query).slice(skip, skip + count);
  turn.deps.logger.info({ found: found.length, skip }, 'milestone search');
  if (found.length === 0 && skip === 0) return message(`No milestone matches "${query}". Try an id (BSC-2.1), a word, an owner or an organisation.`);
  return result(found.map((m) => shared(turn, m)));
}

/** `composeExtension/queryLink`: a pasted milestone address as the milestone's card; any other link, nothing. */
export function answerLink(turn: Turn, value: unknown): object {
  const parsed = linkSchema.safeParse(value);
  const id = parsed.success ? turn.deps.milestoneAddresses?.idOf(parsed.data.url) : undefined;
  const milestone = id ? turn.deps.store.get('milestones', id) : undefined;
  turn.deps.logger.info({ unfurled: milestone?.id ?? null }, 'milestone link');
  return result(milestone ? [shared(turn, milestone)] : []);
}
