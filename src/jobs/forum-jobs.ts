// The forum's scheduled sends, wired to the durable scheduler: reminders with the meeting pack to
// every subscribed conversation, private nudges to milestone owners before a meeting, and the
// weekly digest. Planning is idempotent (one job per idempotency key), so it simply runs at start
// and every hour (nudges for the next meetings only); the scheduler claims each job before
// sending, so nothing goes twice.
import { grantAnnouncementCard } from '../bot/views/grant-views.ts';
import { nudgeOverdueReturns, plannedReportReminder, plannedReturnsNudge, remindCoordinatorsOfReport } from './grant-jobs.ts';
import type { Logger } from 'pino';
import { ConversationGoneError, type DirectMessages } from '../bot/direct-messages.ts';
import type { Outbox } from '../bot/outbox-delivery.ts';
import { replyActivity } from '../bot/reply-activity.ts';
import { cardReply } from '../bot/turn.ts';
import { milestoneListCard, PAGE_SIZE } from '../bot/views/milestone-views.ts';
import { peopleLine, withMentions } from '../bot/views/mentions.ts';
import { milestoneNudgeCard } from '../bot/views/milestone-nudge-view.ts';
import { nudgeAudience } from '../domain/milestones/milestones-to-nudge.ts';
import { meetingPackCard, ownersOf } from '../bot/views/meeting-pack-view.ts';
import { renderCard } from '../cards/render-card.ts';
import { localDate } from '../domain/calendar.ts';
import { addDays, localToInstant, weekdayOf } from '../domain/meetings/local-time.ts';
import { planMeetingSends, type ReminderConfig } from '../domain/meetings/reminder-plan.ts';
import { findMilestones } from '../domain/milestones/milestone-queries.ts';
import type { Meeting, Subscription } from '../domain/model.ts';
import { carriesIntelSummary } from '../domain/subscriptions/intel-summary-choice.ts';
import type { PlannedJob } from '../scheduler/job-kinds.ts';
import { jobsOfMeeting, planJobs } from '../scheduler/plan-jobs.ts';
import { teamsChannelOf } from '../domain/subscriptions/subscription-changes.ts';
import { createScheduler, PermanentJobError, type JobHandlers, type Scheduler } from '../scheduler/scheduler.ts';
import type { Repository } from '../store/repository.ts';

const PLAN_EVERY_MS = 60 * 60 * 1000;
/**
 * Nudges are planned for the next meetings only (issue 15). A meeting's nudges go to the owners
 * of milestones due by it, so planning every future meeting wrote owners x meetings jobs (7,749 on
 * the 3-year benchmark data, 1.1 million at ten times that), for sends months away that the
 * hourly planning makes in good time anyway. Reminders to subscribed conversations (a few per
 * meeting) are still planned for every meeting.
 */
export const NUDGE_HORIZON_MEETINGS = 2;
const CTX = { actor: { name: 'scheduler' }, via: 'system' } as const;

interface Deps {
  store: Repository;
  logger: Logger;
  now: () => Date;
  timeZone: string;
  directMessages: DirectMessages;
  /** Notices to admins go through it, so one who cannot be reached now gets it when they can. */
  outbox: Outbox;
  /** When reminders and nudges go out; the forum's defaults (7 and 1 days, nudge 5 days, 09:00) if absent. */
  reminderConfig?: ReminderConfig;
  /** Told when the start-up planning has ended (false: it failed), for /readyz. */
  onFirstPlan?: (planned: boolean) => void;
  /** Tests only: awaited before the start-up planning. */
  beforeFirstPlan?: () => Promise<void>;
  /** The scheduler's poll and lease (SCHEDULER_POLL_SECONDS, SCHEDULER_LEASE_SECONDS); its defaults if absent. */
  schedulerTiming?: { pollMs: number; leaseMs: number };
}

function upcoming(store: Repository, now: Date): Meeting[] {
  const at = now.toISOString();
  return store.all('meetings').filter((m) => m.status === 'scheduled' && m.startsAt > at);
}

/** The next Monday 09:00 (UK time) digest for each subscription that wants one. */
export function plannedDigests(subscriptions: readonly Subscription[], now: Date, timeZone: string): PlannedJob[] {
  const today = localDate(now, timeZone);
  const daysToMonday = (8 - weekdayOf(today)) % 7;
  let monday = addDays(today, daysToMonday);
  if (localToInstant(monday, '09:00', timeZone).getTime() <= now.getTime()) monday = addDays(monday, 7);
  const dueAt = localToInstant(monday, '09:00', timeZone).toISOString();
  return subscriptions
    .filter((s) => s.kinds.includes('weekly-digest'))
    .map((s) => ({ kind: 'weekly-digest' as const, idempotencyKey: `digest:${s.id}:${monday}`, dueAt, payload: { subscriptionId: s.id, weekOf: monday } }));
}

/**
 * The reference a scheduled post goes to: in a Teams channel, the channel itself, so the post
 * starts a new thread (a subscription made before targets dropped the subscribing post's
 * `;messageid=…` would otherwise reply in that old thread).
 */
function postInChannel(target: Subscription['target']): Record<string, unknown> | undefined {
  const reference = target.conversationReference;
  if (!reference || target.platform !== 'teams') return reference;
  const conversation = reference.conversation && typeof reference.conversation === 'object' ? (reference.conversation as Record<string, unknown>) : undefined;
  return conversation && typeof conversation.id === 'string' ? { ...reference, conversation: { ...conversation, id: teamsChannelOf(conversation.id) } } : reference;
}

/** When a tick follows a plan asked for by a change: just after the announcements it planned fall due. */
const SOON_AFTER_PLAN_MS = 1_500;

/** How long after it was sent a grant application is still announced (if planning failed at the time). */
const ANNOUNCE_WITHIN_MS = 24 * 60 * 60_000;

/**
 * One announcement per new grant application per conversation that was subscribed when it came
 * in. Due a second from now: planning happens right after the application is saved.
 */
export function plannedGrantAnnouncements(store: Pick<Repository, 'all'>, subscriptions: readonly Subscription[], now: Date): PlannedJob[] {
  const since = new Date(now.getTime() - ANNOUNCE_WITHIN_MS).toISOString();
  const dueAt = new Date(now.getTime() + 1000).toISOString();
  return store
    .all('grantApplications')
    .filter((a) => a.submittedAt >= since)
    .flatMap((a) => subscriptions.filter((s) => s.createdAt <= a.submittedAt).map((s) => ({ kind: 'grant-announcement' as const, idempotencyKey: `grant-announce:${a.id}:${s.id}`, dueAt, payload: { applicationId: a.id, subscriptionId: s.id } })));
}

export async function planForumJobs(deps: Deps): Promise<void> {
  const { store, now, timeZone } = deps;
  const subscriptions = store.all('subscriptions').filter((s) => !s.inactive);
  await planJobs(store, CTX, plannedDigests(subscriptions, now(), timeZone));
  await planJobs(store, CTX, [...plannedGrantAnnouncements(store, subscriptions, now()), plannedReportReminder(now(), timeZone), ...plannedReturnsNudge(store, now(), timeZone)]);
  // A cancelled meeting plans nothing, which cancels any of its reminders still pending.
  for (const meeting of store.all('meetings').filter((m) => m.status === 'cancelled' && m.startsAt > now().toISOString())) {
    await planJobs(store, CTX, [], { replaces: jobsOfMeeting(meeting.id) });
  }
  const audience = nudgeAudience(store, now());
  const meetings = upcoming(store, now()).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  for (const [index, meeting] of meetings.entries()) {
    const owners = index < NUDGE_HORIZON_MEETINGS ? audience(localDate(new Date(meeting.startsAt), timeZone)) : [];
    await planJobs(store, CTX, planMeetingSends(meeting, subscriptions, owners, deps.reminderConfig), { replaces: jobsOfMeeting(meeting.id) });
  }
}

function subscriptionOrFail(store: Repository, id: string): Subscription {
  const subscription = store.get('subscriptions', id);
  if (!subscription) throw new PermanentJobError('the conversation has unsubscribed');
  if (subscription.inactive) throw new PermanentJobError(`the subscription is inactive: ${subscription.inactive.reason}`);
  return subscription;
}

function handlers(deps: Deps): JobHandlers {
  const { store, now, timeZone, directMessages } = deps;
  const toConversation = async (subscription: Subscription, activity: ReturnType<typeof replyActivity>) => {
    const reference = postInChannel(subscription.target);
    if (!reference) throw new PermanentJobError('the subscription has no conversation reference');
    try {
      await directMessages.sendToConversation(subscription.target.platform, reference, activity);
    } catch (error) {
      if (!(error instanceof ConversationGoneError)) throw error;
      // The bot was removed: stop this conversation's reminders rather than retry for ever.
      await store.transact(CTX, (tx) => {
        const current = tx.get('subscriptions', subscription.id);
        if (current && !current.inactive) tx.put('subscriptions', { ...current, inactive: { since: tx.now, reason: error.reason } }, { action: 'subscription.inactive' });
      });
      deps.logger.warn({ subscription: subscription.id, reason: error.reason }, 'subscription made inactive');
      throw new PermanentJobError(error.reason);
    }
  };
  return {
    'meeting-reminder': async ({ payload, delayed }) => {
      const subscription = subscriptionOrFail(store, payload.subscriptionId);
      const meeting = store.get('meetings', payload.meetingId);
      if (!meeting || meeting.status !== 'scheduled' || meeting.startsAt !== payload.meetingStartsAt) throw new PermanentJobError('the meeting was moved or cancelled');
      const card = meetingPackCard(store, meeting, now(), timeZone, { intelSummary: carriesIntelSummary(subscription), mentionsFor: subscription.target.platform });
      if (delayed) card.heading = `${card.heading} (sent late: the bot was unavailable)`;
      await toConversation(subscription, replyActivity(cardReply(withMentions(renderCard('meeting-pack', card), card.mentions), card.heading)));
    },
    'meeting-nudge': async ({ payload }) => {
      const person = store.get('people', payload.personId);
      const meeting = store.get('meetings', payload.meetingId);
      if (!person || !meeting || meeting.status !== 'scheduled') throw new PermanentJobError('the person or the meeting is gone');
      const card = milestoneNudgeCard(store, person, meeting, now(), timeZone);
      if (card.items.length === 0) return;
      const reached = await directMessages.send(person, replyActivity(cardReply(renderCard('milestone-nudge', card), 'Please update your milestones before the forum meeting')));
      if (!reached) throw new PermanentJobError('the person has no 1:1 chat with the bot yet');
    },
    'grant-announcement': async ({ payload }) => {
      const subscription = subscriptionOrFail(store, payload.subscriptionId);
      const application = store.get('grantApplications', payload.applicationId);
      const round = application && store.get('grantRounds', application.roundId);
      if (!application || !round) throw new PermanentJobError('the application is gone');
      await toConversation(subscription, replyActivity(cardReply(renderCard('grant-announcement', grantAnnouncementCard(round, application)), `New grant application ${application.id}`)));
    },
    'grants-report-reminder': async ({ payload }) => remindCoordinatorsOfReport(store, deps.outbox, payload.year),
    'grants-returns-nudge': async () => void (await nudgeOverdueReturns(store, deps.outbox, now(), timeZone)),
    'weekly-digest': async ({ payload }) => {
      const subscription = subscriptionOrFail(store, payload.subscriptionId);
      const digest = weeklyDigest(store, now(), timeZone, subscription.target.platform);
      await toConversation(subscription, replyActivity(cardReply(withMentions(renderCard('milestone-list', digest), digest.mentions), 'Weekly digest: the action plan')));
    },
  };
}

/** The week's changes to the plan and what is due in the next two weeks. */
export function weeklyDigest(store: Repository, now: Date, timeZone: string, mentionsFor?: Subscription['target']['platform']): ReturnType<typeof milestoneListCard> {
  const today = localDate(now, timeZone);
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const changes = store.all('milestoneUpdates').filter((u) => u.at >= weekAgo && u.via !== 'seed');
  const changed = [...new Set(changes.map((u) => u.milestoneId))];
  const due = findMilestones(store, { today, dueFrom: today, dueBy: addDays(today, 14) });
  const changeText = changes.length === 0 ? 'No milestone was updated in the last week.' : `${changes.length} update${changes.length === 1 ? '' : 's'} in the last week, to ${changed.slice(0, 10).join(', ')}${changed.length > 10 ? ` and ${changed.length - 10} more` : ''}.`;
  const card = milestoneListCard(store, due, { title: 'Weekly digest', filterText: `${changeText} Below: what is due in the next two weeks.`, query: 'milestones due in 14 days', page: 1 }, today, undefined);
  // The owners of what is listed are mentioned, so the digest reaches them.
  const people = mentionsFor ? peopleLine([{ label: 'Owners', people: ownersOf(store, due.slice(0, PAGE_SIZE)) }], mentionsFor) : undefined;
  return people ? { ...card, peopleText: people.text, mentions: people.mentions } : card;
}

/** Admins hear privately about reminders that will not go out, so nobody relies on one that never came. */
async function tellAdmins(deps: Deps, jobs: { failed: string[]; missed: string[]; interrupted: string[] }): Promise<void> {
  const describe = (ids: string[]) =>
    ids.map((id) => {
      const job = deps.store.get('jobs', id);
      return `- ${job?.kind ?? 'job'} due ${job?.dueAt ?? '?'}${job?.lastError ? ` (${job.lastError})` : ''}`;
    });
  const lines = [
    ...(jobs.failed.length > 0 ? ['**Could not be sent:**', ...describe(jobs.failed)] : []),
    ...(jobs.missed.length > 0 ? ['**Missed while the bot was down (too late to send):**', ...describe(jobs.missed)] : []),
    ...(jobs.interrupted.length > 0 ? ['**Interrupted by a restart, not repeated (they may or may not have arrived):**', ...describe(jobs.interrupted)] : []),
  ];
  const text = `Forum bot: some scheduled messages did not go out.\n\n${lines.join('\n')}`;
  const admins = deps.store.all('people').filter((p) => p.roles.includes('admin'));
  const told = await deps.outbox.notify(admins.map((a) => a.id), text);
  const reached = told.filter((t) => t.result === 'delivered').length;
  // Said as it is: an admin who could not be reached gets the notice when they next write.
  deps.logger.warn({ ...jobs, admins: admins.length, reached, kept: told.filter((t) => t.result === 'kept').length }, reached > 0 ? 'undelivered scheduled messages reported to admins' : 'undelivered scheduled messages: no admin could be told yet');
}

export interface ForumJobs {
  scheduler: Scheduler;
  /** Plans now (e.g. after a subscription or meeting change); idempotent. False when planning failed (logged; tried again within the hour). */
  plan(): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startForumJobs(deps: Deps): Promise<ForumJobs> {
  const scheduler = createScheduler({ repo: deps.store, now: deps.now, logger: deps.logger, handlers: handlers(deps), onUndelivered: (jobs) => tellAdmins(deps, jobs), ...deps.schedulerTiming });
  const plan = () =>
    planForumJobs(deps).then(
      () => true,
      (error: unknown) => {
        deps.logger.error({ err: error }, 'planning reminders failed; will try again within the hour');
        return false;
      },
    );
  await deps.beforeFirstPlan?.();
  deps.onFirstPlan?.(await plan());
  const timer = setInterval(() => void plan(), PLAN_EVERY_MS);
  timer.unref();
  await scheduler.start();
  // A plan asked for by a change (a new grant application) may hold a job due in a second (its
  // announcement): tick then rather than at the next poll, up to 30 seconds later. One wake-up
  // at a time; a tick already under way is joined, and a tick sends only what is due.
  let wake: NodeJS.Timeout | undefined;
  const wakeSoon = () => {
    wake ??= setTimeout(() => {
      wake = undefined;
      scheduler.tick().catch((err: unknown) => deps.logger.error({ err }, 'scheduler tick failed; the next tick tries again'));
    }, SOON_AFTER_PLAN_MS);
    wake.unref();
  };
  return {
    scheduler,
    plan: async () => {
      const planned = await plan();
      wakeSoon();
      return planned;
    },
    stop: async () => {
      clearInterval(timer);
      if (wake) clearTimeout(wake);
      await scheduler.stop();
    },
  };
}
