// `status`: the admins' look at how the bot itself is doing. The figures come from the store, the
// data folder and the app's error tally; the card says what each one counts.
import { may, refusalFor } from '../../domain/access/permissions.ts';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { formatInstant } from '../../cards/format.ts';
import { renderCard } from '../../cards/render-card.ts';
import type { Job, OutboxMessage } from '../../domain/model.ts';
import { isJobKind, type JobKind } from '../../scheduler/job-kinds.ts';
import { newestBackup } from '../../store/backups.ts';
import { AUDIT_FILE } from '../../store/load-data-folder.ts';
import type { Repository } from '../../store/repository.ts';
import { APP_VERSION } from '../../version.ts';
import { cardReply, textReply, type Reply, type Turn } from '../turn.ts';
import { statusCard, type StatusFacts } from '../views/status-view.ts';
import { subscriptionName } from '../views/list-views.ts';

const DAY_MS = 24 * 3_600_000;
/** Audit actions of a scheduled message that will not go out (src/scheduler/scheduler.ts). */
const UNDELIVERED_ACTIONS = new Set(['job.fail', 'job.interrupted']);
const SHOWN_UNDELIVERED = 5;
const SHOWN_KEPT = 5;
const JOB_WORDS: Record<JobKind, string> = { 'meeting-reminder': 'Meeting reminder', 'meeting-nudge': 'Nudge before a meeting', 'weekly-digest': 'Weekly digest', 'grant-announcement': 'New grant application announcement', 'grants-report-reminder': 'Grants year-end report reminder', 'grants-returns-nudge': 'Overdue grant returns nudge' };

export async function showStatus(turn: Turn): Promise<Reply> {
  if (!may(turn.person, 'status.view')) return textReply(refusalFor('status.view'));
  const { store, operations, timeZone } = turn.deps;
  const info = store.info();
  const since = new Date(turn.now.getTime() - DAY_MS).toISOString();
  const undeliveredIds = [...new Set((await store.readAudit({ since, collection: 'jobs' })).filter((e) => UNDELIVERED_ACTIONS.has(e.action) && e.recordId).map((e) => e.recordId ?? ''))];
  const backup = info.backend === 'json' ? await newestBackup(info.dataDir) : undefined;
  const waiting = store.all('jobs').filter((j) => j.status === 'pending' || j.status === 'sending' || j.status === 'running');
  const subscriptions = store.all('subscriptions');
  const facts: StatusFacts = {
    at: turn.now,
    version: APP_VERSION,
    nodeVersion: process.version,
    ...(operations ? { startedAt: operations.startedAt } : {}),
    dataBytes: info.dataBytes,
    ...(info.backend === 'json' ? { auditBytes: await fileSize(path.join(info.dataDir, AUDIT_FILE)) } : {}),
    ...(backup ? { lastBackup: { at: backup.at, count: backup.count } } : {}),
    waiting: { count: waiting.length, ...nextDue(waiting) },
    subscriptions: { active: subscriptions.filter((s) => !s.inactive).length, inactive: subscriptions.filter((s) => s.inactive).length },
    ...(operations?.errors ? { loggedErrors: operations.errors.lastDay() } : {}),
    undelivered: undeliveredIds.slice(0, SHOWN_UNDELIVERED).map((id) => describeUndelivered(store, id, timeZone)),
    undeliveredCount: undeliveredIds.length,
    ...keptFacts(store, timeZone),
  };
  return cardReply(renderCard('status', statusCard(facts, timeZone)), 'Bot status');
}

function nextDue(jobs: readonly Readonly<Job>[]): { nextDueAt?: string } {
  const next = jobs.map((j) => j.nextAttemptAt ?? j.dueAt).sort()[0];
  return next ? { nextDueAt: next } : {};
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** "Meeting reminder to #forum-partners, due Mon 23 Nov 2026, 09:00" and the platform's reason. */
function describeUndelivered(store: Repository, jobId: string, timeZone: string): { what: string; detail: string } {
  const job = store.get('jobs', jobId);
  if (!job) return { what: `Scheduled message ${jobId}`, detail: 'no longer in the store' };
  const kind = isJobKind(job.kind) ? JOB_WORDS[job.kind] : `Scheduled message (${job.kind})`;
  const subscriptionId = job.payload.subscriptionId;
  const personId = job.payload.personId;
  const subscription = typeof subscriptionId === 'string' ? store.get('subscriptions', subscriptionId) : undefined;
  const person = typeof personId === 'string' ? store.get('people', personId) : undefined;
  const place = subscription ? subscriptionName(subscription) : person?.displayName;
  return { what: `${kind}${place ? ` to ${place}` : ''}, due ${formatInstant(job.dueAt, timeZone)}`, detail: job.lastError ?? 'no reason recorded' };
}

/** The outbox: what it holds, the oldest first, each named with its person and why it waits. */
function keptFacts(store: Repository, timeZone: string): Pick<StatusFacts, 'kept' | 'keptCount'> {
  const all = [...store.all('outbox')].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const alerts = all.filter((m) => m.message.kind === 'intel-alert').length;
  return { keptCount: { alerts, notices: all.length - alerts }, kept: all.slice(0, SHOWN_KEPT).map((m) => describeKept(store, m, timeZone)) };
}

function describeKept(store: Repository, message: Readonly<OutboxMessage>, timeZone: string): { what: string; detail: string } {
  const person = store.get('people', message.personId)?.displayName ?? `person ${message.personId}`;
  const what = message.message.kind === 'intel-alert' ? `Intelligence alert ${message.message.reportId}` : 'Notice';
  const detail = message.status === 'sending' ? 'being sent now' : (message.lastError ?? 'not tried yet');
  return { what: `${what} for ${person}, kept since ${formatInstant(message.createdAt, timeZone)}`, detail };
}
