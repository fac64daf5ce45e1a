// The whole plan as a theme x status table with the overdue milestones listed: the view a forum
// chair wants before a meeting.
import type { PlanSummaryCard } from '../../cards/card-models.ts';
import { dueNote, formatInstant, statusView } from '../../cards/format.ts';
import { findMilestones } from '../../domain/milestones/milestone-queries.ts';
import { effectiveDue } from '../../domain/milestones/milestone-rules.ts';
import { MILESTONE_STATUSES, type MilestoneStatus } from '../../domain/model.ts';
import type { ReadView } from '../../store/repository.ts';
import { responsibleText } from '../handlers/describe.ts';

const OVERDUE_SHOWN = 10;
/** Short column headings: the colour word and a short status word, so the table fits a phone. */
const HEADINGS: Record<MilestoneStatus, string> = {
  'not-started': 'Grey: not started',
  'on-track': 'Green: on track',
  delayed: 'Amber: delayed',
  'off-track': 'Red: off track',
  complete: 'Blue: complete',
  closed: 'Closed',
};

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
    headers: MILESTONE_STATUSES.map((s) => ({ label: HEADINGS[s], colour: statusView(s).colour })),
    rows: themes.map((t) => {
      const row = counts.get(t.id);
      const cells = MILESTONE_STATUSES.map((s) => ({ n: String(row?.get(s) ?? 0), colour: statusView(s).colour }));
      return { theme: t.title, counts: cells, total: [...(row?.values() ?? [])].reduce((a, b) => a + b, 0) };
    }),
    totalText: `${total} milestone${total === 1 ? '' : 's'} in ${themes.length} themes; ${overdue.length} overdue.`,
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
