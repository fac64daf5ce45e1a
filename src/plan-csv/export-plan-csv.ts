// Writes every milestone as one CSV row in the import format (./csv-format.ts), so a file
// exported, edited in a spreadsheet and imported again changes only what was edited.
import { stringify } from 'csv-stringify/sync';
import type { ReadView } from '../store/repository.ts';
import { EXPORT_COLUMNS, compareIdsNaturally, guardCell, organisationLabel, type KnownColumn } from './csv-format.ts';

export function exportMilestonesCsv(view: ReadView): string {
  const organisations = view.all('organisations');
  const milestones = [...view.all('milestones')].sort((a, b) => compareIdsNaturally(a.id, b.id));
  const rows = milestones.map((m) => {
    // A milestone whose action is missing still exports; the import will then say what is wrong.
    const action = view.get('actions', m.actionId);
    const row: Record<KnownColumn, string> = {
      theme: action?.themeId ?? '',
      action_id: m.actionId,
      action_title: action?.title ?? '',
      action_lead_organisation: action ? organisationLabel(action.lead.organisationId, organisations) : '',
      action_lead_role: action?.lead.role ?? '',
      milestone_id: m.id,
      milestone: m.description,
      owner_organisation: organisationLabel(m.owner.organisationId, organisations),
      owner_role: m.owner.role,
      due: m.originalDue,
      revised_due: m.revisedDue ?? '',
      status: m.status,
      commentary: m.commentary ?? '',
      evidence: m.evidence ?? '',
      version: String(m.version),
      updated_at: m.updatedAt,
      updated_by: m.updatedBy ?? '',
    };
    return EXPORT_COLUMNS.map((column) => guardCell(row[column]));
  });
  return stringify([[...EXPORT_COLUMNS], ...rows], {
    // RFC 4180: CRLF between records; a cell with a comma, quote or any line break is quoted.
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
  });
}
