// The whole plan as a theme x status table with the overdue milestones listed: the view a forum
// chair wants before a meeting.
import type { PlanSummaryCard } from '../../cards/card-models.ts';
import { dueNote, formatInstant, statusView } from '../../cards/format.ts';
import { findMilestones } from '../../domain/milestones/milestone-queries.ts';
import { effectiveDue, STATUS_LABELS } from '../../domain/milestones/milestone-rules.ts';
import { counted } from '../../cards/wording.ts';
import { MILESTONE_STATUSES, type MilestoneStatus } from '../../domain/model.ts';
import type { ReadView } from '../../store/repository.ts';
import { responsibleText } from '../handlers/describe.ts';

const OVERDUE_SHOWN = 10;
/** A no-break space: a colour stays on the line of its number. */
const NBSP = '\u00A0';
/** Between two counts: two en spaces, which a browser does not collapse and a line may break at. */
const GAP = '\u2002\u2002';

/** "Grey: not started · Green: on track · ...", the tracker's own words. */
const LEGEND = MILESTONE_STATUSES.map((s) => {
  const { colour, words } = STATUS_LABELS[s];
  return colour === 'None' ? words : `${colour}: ${words.toLowerCase()}`;
}).join(' · ');

/** The word a count goes with on a theme's line: the colour, or the status where it has none. */
function shortName(status: MilestoneStatus): string {
  const { colour, words } = STATUS_LABELS[status];
  return colour === 'None' ? words : colour;
}

export function planSummaryCard(view: ReadView, today: string, now: Date): PlanSummaryCard {
  const actions = new Map(view.all('actions').map((a) => [a.id, a]));
  const themes = [...view.all('themes')].sort((a, b) => a.order - b.order);
  const counts = new Map<string, Map<MilestoneStatus, number>>();
  for (const m of view.all('milestones')) {
    const themeId = actions.get(m.actionId)?.themeId ?? 'unknown';
    const row = counts.get(themeId) ?? new Map<MilestoneStatus, number>();
    row.set(m.status, (row.get(m.status) ?? 0) + 1);
    counts.set(themeId, row);
  }
  const overdue = findMilestones(view, { today, overdue: true });
  const total = view.count('milestones');
  return {
    generatedText: `As of ${formatInstant(now.toISOString())}`,
    legend: LEGEND,
    rows: themes.map((t) => {
      const row = counts.get(t.id);
      const cells = MILESTONE_STATUSES.map((s, i) => {
        const n = row?.get(s) ?? 0;
        return { n: String(n), colour: n === 0 ? ('Default' as const) : statusView(s).colour, text: `${i === 0 ? '' : GAP}${shortName(s)}${NBSP}${n}`, subtle: n === 0 };
      });
      const rowTotal = [...(row?.values() ?? [])].reduce((a, b) => a + b, 0);
      return { theme: t.title, counts: cells, total: rowTotal, totalText: counted(rowTotal, 'milestone').replace(' ', NBSP) };
    }),
    totalText: `${counted(total, 'milestone')} in ${counted(themes.length, 'theme')}; ${overdue.length} overdue.`,
    overdueTitle: overdue.length === 0 ? 'Nothing is overdue.' : `Overdue (${overdue.length})`,
    overdue: overdue.slice(0, OVERDUE_SHOWN).map((m) => ({
      id: m.id,
      description: m.description,
      note: `${statusView(m.status).label}, ${dueNote(effectiveDue(m), today, false)}`,
      owner: responsibleText(view, m.owner),
    })),
    ...(overdue.length > OVERDUE_SHOWN ? { overdueMore: `and ${overdue.length - OVERDUE_SHOWN} more: type \`milestones overdue\` for all of them.` } : {}),
  };
}
