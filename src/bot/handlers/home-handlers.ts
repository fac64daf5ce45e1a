// The Home view: what a person sees when a channel asks for their home (the `forum/home` event;
// Slack sends it each time the App Home tab is opened). Who they are (or how to be added), their
// milestones that are overdue or due in the next 30 days, and the plan in brief. Built afresh on
// every ask from the store, so it is never stale.
import { addDays, format, parseISO } from 'date-fns';
import type { CardButton, HomeCard, HomeMilestone, HomeSection } from '../../cards/card-models.ts';
import { dialogButton } from '../../cards/buttons.ts';
import { dueNote, formatDay, statusView } from '../../cards/format.ts';
import { renderCard } from '../../cards/render-card.ts';
import { findMilestones, type MilestoneFilter } from '../../domain/milestones/milestone-queries.ts';
import { effectiveDue, isFinished, mayChangeStatus, STATUS_LABELS } from '../../domain/milestones/milestone-rules.ts';
import { MILESTONE_STATUSES, type Milestone, type Person } from '../../domain/model.ts';
import type { ReadView } from '../../store/repository.ts';
import { accountOf } from '../../domain/people/identities.ts';
import { cardReply, type Reply, type Turn } from '../turn.ts';
import { planSummaryCard } from '../views/plan-summary-view.ts';
import { organisationName } from './describe.ts';
import { homePanels, strangerPanels } from '../views/home-panels.ts';

/** Per list: five milestones with their buttons keep the view within a Slack message's 50 blocks. */
export const HOME_SHOWN = 5;
const DUE_SOON_DAYS = 7;

// Each opens over the Home (a Teams dialog, a Slack modal): closing it is the way back.
const HOME_BUTTONS: CardButton[] = [
  dialogButton('My milestones', 'milestones.page', { query: 'milestones mine', page: 1 }),
  dialogButton('Due this week', 'milestones.page', { query: `milestones mine due in ${DUE_SOON_DAYS} days`, page: 1 }),
  dialogButton('Overdue', 'milestones.page', { query: 'milestones overdue', page: 1 }),
  dialogButton('Plan summary', 'summary.show'),
  dialogButton('Help', 'help.show'),
];

export function showHome(turn: Turn): Reply {
  return cardReply(renderCard('home', homeCard(turn)), 'Stronger Communities Forum: your home');
}

/** Whose milestones "mine" means, as `milestones mine` reads it: by name, else the organisation's, else the plan. */
interface MineScope {
  title: string;
  filter: Pick<MilestoneFilter, 'ownerPersonId' | 'organisationIds'>;
  scopeNote?: string;
}

function mineScope(view: ReadView, person: Person, today: string): MineScope {
  if (findMilestones(view, { today, ownerPersonId: person.id }).length > 0) return { title: 'Your milestones', filter: { ownerPersonId: person.id } };
  if (person.organisationId) {
    const org = organisationName(view, person.organisationId);
    return { title: `${org} milestones`, filter: { organisationIds: [person.organisationId] }, scopeNote: `None are assigned to you by name, so these are ${org}'s.` };
  }
  return { title: 'Milestones', filter: {}, scopeNote: 'None are assigned to you by name, so this is the whole plan.' };
}

export function homeCard(turn: Turn): HomeCard {
  const { store } = turn.deps;
  const person = turn.person;
  const summary = planSummaryCard(store, turn.today, turn.now);
  const themes = summary.rows.map((row) => ({ theme: row.theme, counts: compactCounts(row.total, row.counts.map((c) => Number(c.n))) }));
  const common = { title: 'Stronger Communities Forum', generatedText: summary.generatedText, themes, totalText: summary.totalText, buttons: HOME_BUTTONS };
  if (!person) return { ...common, personLine: strangerLine(turn), sections: [], panels: strangerPanels(turn) };

  const scope = mineScope(store, person, turn.today);
  const soon = format(addDays(parseISO(turn.today), DUE_SOON_DAYS), 'yyyy-MM-dd');
  const overdue = findMilestones(store, { today: turn.today, overdue: true, ...scope.filter });
  const dueSoon = findMilestones(store, { today: turn.today, dueFrom: turn.today, dueBy: soon, ...scope.filter });
  return {
    ...common,
    personLine: `You are ${person.displayName}${person.organisationId ? ` (${organisationName(store, person.organisationId)})` : ''}; roles: ${person.roles.join(', ') || 'none'}.`,
    mineTitle: scope.title,
    panels: homePanels(turn, person),
    ...(scope.scopeNote ? { scopeNote: scope.scopeNote } : {}),
    sections: [
      section(turn, person, overdue, { title: 'Overdue', empty: 'Nothing is overdue.', query: 'milestones mine overdue' }),
      section(turn, person, dueSoon, { title: 'Due this week', empty: 'Nothing is due in the next 7 days.', query: `milestones mine due in ${DUE_SOON_DAYS} days` }),
    ],
  };
}

function section(turn: Turn, person: Person, found: readonly Milestone[], words: { title: string; empty: string; query: string }): HomeSection {
  const more = found.length - HOME_SHOWN;
  return {
    title: found.length > 0 ? `${words.title} (${found.length})` : words.title,
    items: found.slice(0, HOME_SHOWN).map((m) => homeItem(turn.deps.store, m, turn.today, person)),
    ...(found.length === 0 ? { emptyText: words.empty } : {}),
    ...(more > 0 ? { moreText: `and ${more} more: type \`${words.query}\` for all of them.` } : {}),
  };
}

function homeItem(view: ReadView, m: Milestone, today: string, person: Person): HomeMilestone {
  const due = effectiveDue(m);
  return {
    id: m.id,
    description: m.description,
    status: statusView(m.status),
    dueText: formatDay(due),
    dueNote: dueNote(due, today, isFinished(m.status)),
    canEdit: mayChangeStatus(person, m, view.get('actions', m.actionId)),
  };
}

/** "11 milestones: Grey 1, Green 3, Amber 1, Blue 6": the tracker's colour words, zeros left out. */
function compactCounts(total: number, byStatus: readonly number[]): string {
  const parts = MILESTONE_STATUSES.flatMap((s, i) => {
    const n = byStatus[i] ?? 0;
    const { colour, words } = STATUS_LABELS[s];
    return n > 0 ? [`${colour === 'None' ? words : colour} ${n}`] : [];
  });
  return `${total} milestone${total === 1 ? '' : 's'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

function strangerLine(turn: Turn): string {
  const identity = turn.channel.identity;
  const code = identity ? `Your account code is ${turn.channel.accountCode ?? accountOf(identity)}: send it to a forum coordinator, who can add you` : 'Type whoami for your account code and send it to a forum coordinator, who can add you';
  return `I do not know you yet, so this shows the plan only. ${code}; then your own milestones show here.`;
}
