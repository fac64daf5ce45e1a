// The readable file a subject access request is answered from: what the forum holds about the
// person, collection by collection (their own records whole, others only where they name them),
// and the audit entries that name them. Markdown, so it reads as a document and converts to one.
import type { CollectionName } from '../model.ts';
import type { AuditEvent, ReadView } from '../../store/repository.ts';
import { SUBJECT_RULES } from './subject-rules.ts';
import type { Subject } from './subject.ts';
import type { Finding } from './subject-request.ts';

export interface ExportContext {
  madeAt: string;
  madeBy: string;
  request?: string;
}

const json = (value: unknown) => ['```json', JSON.stringify(value, null, 2), '```'];

export function subjectExportMarkdown(view: ReadView, subject: Subject, findings: readonly Finding[], audit: readonly AuditEvent[], context: ExportContext): string {
  const lines: string[] = [
    `# Personal data held by the Stronger Communities Forum bot about ${subject.given}`,
    '',
    `Made ${context.madeAt} by ${context.madeBy}${context.request ? ` for request ${context.request}` : ''}.`,
    subject.person ? `Forum person: ${subject.person.displayName} (${subject.person.id}).` : 'No forum person has this identifier; the records below name it.',
    '',
    '**Review before disclosure.** Records may also hold other people\'s data (for example the text of an intelligence',
    'report); redact what the exemptions your council applies allow before sending this file. It is a copy of personal',
    'data: keep it with the request, not in the bot\'s data folder, and delete it when the request is closed.',
    '',
    '## Summary',
    '',
    '| Where | Records | What there names a person |',
    '|---|---|---|',
  ];
  const byCollection = new Map<CollectionName, Finding[]>();
  for (const finding of findings) byCollection.set(finding.collection, [...(byCollection.get(finding.collection) ?? []), finding]);
  for (const [collection, found] of byCollection) lines.push(`| ${collection} | ${found.length} | ${SUBJECT_RULES[collection].names} |`);
  lines.push(`| audit log | ${audit.length} | who did what, when, through which channel |`, '');
  if (findings.length === 0 && audit.length === 0) lines.push('Nothing in the data names this person or account.', '');

  for (const [collection, found] of byCollection) {
    lines.push(`## ${collection} (${found.length})`, '');
    for (const finding of found) {
      const record = view.get(collection, finding.id);
      lines.push(`### ${finding.id}${finding.theirs ? ' (their own record)' : ''}`, '');
      if (finding.theirs) lines.push(...json(record));
      else for (const m of finding.mentions) lines.push(`- \`${m.path}\` (${m.kind}): ${JSON.stringify(m.value)}`);
      lines.push('');
    }
  }
  lines.push(`## Audit entries naming them (${audit.length})`, '');
  for (const event of audit) {
    const record = event.collection ? ` on ${event.collection}${event.recordId ? ` ${event.recordId}` : ''}` : '';
    lines.push(`- ${event.at} · ${event.action}${record} · by ${event.actor.name}${event.actor.account ? ` (${event.actor.account})` : ''} via ${event.via}${event.detail ? ` · ${JSON.stringify(event.detail)}` : ''}`);
  }
  lines.push('');
  return lines.join('\n');
}
