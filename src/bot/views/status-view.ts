// The admins' status card from the figures the handler gathered: how long the bot has run, how big
// its data is, when it last backed up, what is waiting to be sent, and what went wrong lately.
import { counted } from '../../cards/wording.ts';
import type { Notice, StatusCard } from '../../cards/card-models.ts';
import { formatInstant } from '../../cards/format.ts';

const HOUR_MS = 3_600_000;
/** Backups run at start and daily: none for a day and a half means the daily one did not happen. */
const BACKUP_OVERDUE_MS = 36 * HOUR_MS;

export interface StatusFacts {
  at: Date;
  version: string;
  nodeVersion: string;
  /** When the app started; unknown in a bot built without the app. */
  startedAt?: Date;
  dataBytes: number;
  auditBytes?: number;
  lastBackup?: { at: Date; count: number };
  waiting: { count: number; nextDueAt?: string };
  subscriptions: { active: number; inactive: number };
  /** Error lines logged by this process in the last 24 hours; absent when nothing counts them. */
  loggedErrors?: number;
  /** Scheduled messages that failed or were missed in the last 24 hours, the newest described. */
  undelivered: { what: string; detail: string }[];
  undeliveredCount: number;
  /** Private messages in the outbox (not delivered yet), the oldest described. */
  kept: { what: string; detail: string }[];
  keptCount: { alerts: number; notices: number };
}


/** "3 days 4 h", "2 h 10 min", "45 min", "under a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${counted(days, 'day')}${hours > 0 ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${minutes % 60 > 0 ? ` ${minutes % 60} min` : ''}`;
  return `${minutes} min`;
}

/** "512 bytes", "48 KB", "1.2 MB" (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return counted(bytes, 'byte');
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1).replace(/\.0$/, '') : Math.round(value)} ${units[unit]}`;
}

export const STATUS_COUNTING_NOTE =
  'Errors: error lines this bot process logged in the last 24 hours (counted in memory, so a restart starts again from zero), and scheduled messages marked failed or missed in the audit log in the last 24 hours. Waiting: scheduled messages not sent yet, retries included. Kept: private messages (intelligence alerts, notices to admins) that could not reach their person yet; each goes when its person next writes to the bot.';

export function statusCard(facts: StatusFacts, timeZone: string): StatusCard {
  const at = facts.at.getTime();
  const when = (date: Date) => formatInstant(date.toISOString(), timeZone);
  const backupAge = facts.lastBackup ? at - facts.lastBackup.at.getTime() : undefined;
  const problems = [
    ...(facts.loggedErrors ? [counted(facts.loggedErrors, 'logged error')] : []),
    ...(facts.undeliveredCount > 0 ? [`${counted(facts.undeliveredCount, 'scheduled message')} not delivered`] : []),
    ...(facts.keptCount.alerts > 0 ? [`${counted(facts.keptCount.alerts, 'intelligence alert')} not delivered yet`] : []),
    ...(facts.keptCount.notices > 0 ? [`${counted(facts.keptCount.notices, 'private notice')} not delivered yet`] : []),
    ...(facts.subscriptions.inactive > 0 ? [counted(facts.subscriptions.inactive, 'inactive subscription')] : []),
    ...(backupAge === undefined ? ['no backup in the data folder'] : backupAge > BACKUP_OVERDUE_MS ? [`no backup for ${formatDuration(backupAge)}`] : []),
  ];
  const health: { text: string; colour: Notice['colour'] } =
    problems.length > 0
      ? { text: `Needs a look: ${problems.join(', ')}.`, colour: 'Warning' }
      : { text: facts.loggedErrors === undefined ? 'All well: every scheduled message of the last 24 hours went out (logged errors are not counted here).' : 'All well: no errors in the last 24 hours.', colour: 'Good' };
  const errorsText = `${facts.loggedErrors === undefined ? 'logged errors not counted in this process' : counted(facts.loggedErrors, 'logged error')}; ${counted(facts.undeliveredCount, 'scheduled message')} not delivered`;
  return {
    checkedText: `Checked ${when(facts.at)} (UK time)`,
    health,
    facts: [
      { title: 'Version', value: `${facts.version} (Node.js ${facts.nodeVersion})` },
      { title: 'Running for', value: facts.startedAt ? `${formatDuration(at - facts.startedAt.getTime())} (since ${when(facts.startedAt)})` : 'not known' },
      { title: 'Data', value: `${formatBytes(facts.dataBytes)} in the data files${facts.auditBytes !== undefined ? `, ${formatBytes(facts.auditBytes)} audit log` : ''}` },
      {
        title: 'Last backup',
        value: facts.lastBackup ? `${when(facts.lastBackup.at)} (${formatDuration(backupAge ?? 0)} ago); ${counted(facts.lastBackup.count, 'backup')} kept` : 'none in the data folder',
      },
      { title: 'Waiting to send', value: facts.waiting.count === 0 ? 'nothing' : `${counted(facts.waiting.count, 'scheduled message')}${facts.waiting.nextDueAt ? `; next ${formatInstant(facts.waiting.nextDueAt, timeZone)}` : ''}` },
      { title: 'Kept to deliver', value: keptValue(facts.keptCount) },
      { title: 'Subscriptions', value: `${facts.subscriptions.active} active, ${facts.subscriptions.inactive} inactive` },
      { title: 'Errors, last 24 h', value: errorsText },
    ],
    undeliveredTitle: `Not delivered in the last 24 hours${facts.undeliveredCount > facts.undelivered.length ? ` (the newest ${facts.undelivered.length} of ${facts.undeliveredCount})` : ''}`,
    undelivered: facts.undelivered,
    keptTitle: `Kept until their person can be reached${total(facts.keptCount) > facts.kept.length ? ` (the oldest ${facts.kept.length} of ${total(facts.keptCount)})` : ''}`,
    kept: facts.kept,
    countingNote: STATUS_COUNTING_NOTE,
  };
}

const total = (count: StatusFacts['keptCount']) => count.alerts + count.notices;

function keptValue(count: StatusFacts['keptCount']): string {
  if (total(count) === 0) return 'nothing';
  return `${counted(count.alerts, 'intelligence alert')}, ${counted(count.notices, 'notice')}`;
}
