// After a load run: is every write the officers were told was saved in the store, once, with a
// complete history and consistent versions? A write that was attempted but never acknowledged may
// or may not be there (the answer, not the write, may have been lost); it is allowed either way,
// and only then are the exact counts relaxed to "at least".
import { milestoneHistory } from '../../src/domain/milestones/milestone-queries.ts';
import type { Repository } from '../../src/store/repository.ts';
import type { LedgerSnapshot } from './ledger.ts';

export interface VerificationResult {
  ok: boolean;
  /** Each a sentence naming the record and what is wrong. */
  problems: string[];
  checked: { updates: number; reports: number; rsvps: number; milestones: number; auditEvents: number };
  /** Attempts without an answer that turned out to be saved (allowed, reported). */
  unacknowledgedButSaved: number;
}

const MAX_PROBLEMS = 50;

export async function verifyStore(repo: Repository, ledger: LedgerSnapshot): Promise<VerificationResult> {
  const problems: string[] = [];
  const problem = (text: string) => void (problems.length < MAX_PROBLEMS && problems.push(text));
  let unacknowledgedButSaved = 0;
  let auditEvents = 0;
  // Read once: the audit file is read whole on every query.
  const audit = await repo.readAudit();
  const milestoneAudits = new Map<string, number>();
  for (const event of audit) {
    if (event.collection === 'milestones' && event.action === 'milestone.update' && event.recordId) milestoneAudits.set(event.recordId, (milestoneAudits.get(event.recordId) ?? 0) + 1);
  }
  const auditedReports = new Set(audit.filter((e) => e.collection === 'intelReports').map((e) => e.recordId));

  // Milestone updates: each acknowledged one in the history exactly once; histories complete.
  for (const milestone of ledger.milestones) {
    const stored = repo.get('milestones', milestone.id);
    if (!stored) {
      problem(`milestone ${milestone.id} is missing`);
      continue;
    }
    const history = milestoneHistory(repo, milestone.id);
    const attempts = ledger.updates.filter((u) => u.milestoneId === milestone.id);
    const acknowledged = attempts.filter((u) => u.acknowledged);
    for (const update of attempts) {
      const found = history.filter((h) => h.commentary === update.token);
      if (found.length > 1) problem(`milestone ${milestone.id}: the update "${update.token}" is in the history ${found.length} times`);
      if (update.acknowledged && found.length === 0) problem(`milestone ${milestone.id}: the acknowledged update "${update.token}" is not in the history`);
      if (!update.acknowledged && found.length > 0) unacknowledgedButSaved += 1;
      const entry = found[0];
      if (update.acknowledged && entry && (entry.status !== update.status || entry.via !== update.via || entry.byPersonId !== update.personId)) {
        problem(`milestone ${milestone.id}: the update "${update.token}" was saved as ${entry.status} via ${entry.via} by ${entry.byPersonId ?? 'nobody'}, not ${update.status} via ${update.via} by ${update.personId}`);
      }
    }
    // Created at version 1 with no history: each saved update adds one entry and one version.
    const versions = history.map((h) => h.version);
    const expected = history.map((_, i) => i + 2);
    if (versions.join() !== expected.join()) problem(`milestone ${milestone.id}: history versions ${versions.join(', ') || 'none'}, expected ${expected.join(', ') || 'none'}`);
    if (stored.version !== 1 + history.length) problem(`milestone ${milestone.id} is at version ${stored.version} with ${history.length} history entries`);
    const last = history.at(-1);
    if (last && (stored.status !== last.status || stored.commentary !== last.commentary)) problem(`milestone ${milestone.id} (${stored.status}, "${stored.commentary ?? ''}") differs from its last history entry (${last.status}, "${last.commentary ?? ''}")`);
    if (attempts.every((u) => u.acknowledged) && history.length !== acknowledged.length) {
      problem(`milestone ${milestone.id}: ${history.length} history entries for ${acknowledged.length} acknowledged updates (none failed)`);
    }
    const audited = milestoneAudits.get(milestone.id) ?? 0;
    auditEvents += audited;
    if (audited !== history.length) problem(`milestone ${milestone.id}: ${audited} audit events for ${history.length} updates`);
  }

  // Intelligence reports: each acknowledged one there exactly once, with the id the officer saw.
  const loadReports = repo.all('intelReports').filter((r) => r.description.includes(ledger.runMarker));
  const tokenPattern = new RegExp(`${ledger.runMarker}n\\d+`);
  const byToken = new Map<string, typeof loadReports>();
  for (const report of loadReports) {
    const token = tokenPattern.exec(report.description)?.[0] ?? '';
    byToken.set(token, [...(byToken.get(token) ?? []), report]);
  }
  for (const attempt of ledger.reports) {
    const found = byToken.get(attempt.token) ?? [];
    if (found.length > 1) problem(`report "${attempt.token}" was saved ${found.length} times (${found.map((r) => r.id).join(', ')})`);
    if (!attempt.acknowledged) {
      if (found.length > 0) unacknowledgedButSaved += 1;
      continue;
    }
    const report = found[0];
    if (!report) {
      problem(`the acknowledged report "${attempt.token}"${attempt.id ? ` (${attempt.id})` : ''} is not in the store`);
      continue;
    }
    if (attempt.id && report.id !== attempt.id) problem(`report "${attempt.token}" is stored as ${report.id}, but the officer was told ${attempt.id}`);
    if (report.reporterPersonId !== attempt.personId || report.reporterVia !== attempt.via) problem(`report ${report.id} is attributed to ${report.reporterPersonId} via ${report.reporterVia}, not ${attempt.personId} via ${attempt.via}`);
    if (!auditedReports.has(report.id)) problem(`report ${report.id} has no audit event`);
    else auditEvents += 1;
  }
  if (ledger.reports.every((r) => r.acknowledged) && loadReports.length !== ledger.reports.length) {
    problem(`${loadReports.length} load reports in the store for ${ledger.reports.length} acknowledged (none failed)`);
  }

  // RSVPs: each person's last answer stands (when it was acknowledged); one version per answer.
  if (ledger.meeting) {
    const meeting = repo.get('meetings', ledger.meeting.id);
    if (!meeting) problem(`meeting ${ledger.meeting.id} is missing`);
    const byPerson = new Map<string, LedgerSnapshot['rsvps']>();
    for (const rsvp of ledger.rsvps) byPerson.set(rsvp.personId, [...(byPerson.get(rsvp.personId) ?? []), rsvp]);
    for (const [personId, attempts] of byPerson) {
      const last = attempts.at(-1);
      if (!meeting || !last?.acknowledged) continue;
      const stored = meeting.rsvps.filter((r) => r.personId === personId);
      if (stored.length !== 1) problem(`meeting ${meeting.id}: ${stored.length} replies from ${personId}, expected 1`);
      else if (stored[0]?.response !== last.response) problem(`meeting ${meeting.id}: ${personId} last answered ${last.response}, the store says ${stored[0]?.response}`);
    }
    // A reply does not move the meeting's version (it is not on the form the version protects);
    // each saved reply leaves one audit event instead.
    const acknowledged = ledger.rsvps.filter((r) => r.acknowledged).length;
    const allAnswered = ledger.rsvps.every((r) => r.acknowledged);
    const audited = audit.filter((e) => e.collection === 'meetings' && e.recordId === ledger.meeting?.id && e.action === 'meeting.rsvp').length;
    if (meeting && meeting.version !== ledger.meeting.versionBefore) problem(`meeting ${meeting.id}: version moved from ${ledger.meeting.versionBefore} to ${meeting.version}, though only replies were sent`);
    if (meeting && (allAnswered ? audited !== acknowledged : audited < acknowledged)) {
      problem(`meeting ${meeting.id}: ${audited} reply audit events for ${acknowledged} acknowledged replies${allAnswered ? ' (none failed)' : ''}`);
    }
    auditEvents += audited;
  }

  return {
    ok: problems.length === 0,
    problems,
    checked: { updates: ledger.updates.filter((u) => u.acknowledged).length, reports: ledger.reports.filter((r) => r.acknowledged).length, rsvps: ledger.rsvps.filter((r) => r.acknowledged).length, milestones: ledger.milestones.length, auditEvents },
    unacknowledgedButSaved,
  };
}
