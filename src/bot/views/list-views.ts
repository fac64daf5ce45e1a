// The lists people act on item by item, as the list card (cards/item-list.json): the intelligence
// queue, an urgent-report alert, the replies to a meeting, people, and subscribed conversations.
// Each item carries its own buttons, so a reviewer opens a report with a tap instead of retyping
// its id, and a coordinator changes a person or stops a channel's reminders the same way.
import type { ItemListCard, ListItem } from '../../cards/card-models-lists.ts';
import { carriesIntelSummary } from '../../domain/subscriptions/intel-summary-choice.ts';
import type { Notice } from '../../cards/card-models.ts';
import { formatInstant } from '../../cards/format.ts';
import { counted } from '../../cards/wording.ts';
import { dialogButton } from '../../cards/buttons.ts';
import type { IntelReport, Meeting, Person, Subscription } from '../../domain/model.ts';
import type { ReadView } from '../../store/repository.ts';
import { organisationName } from '../handlers/describe.ts';
import { CATEGORY_LABELS, INTEL_STATUS_LABELS, TENSION_LEVEL_LABELS } from './intel-labels.ts';
import { areaName } from './intel-views.ts';

/** The queue a reviewer works through, or the reports a reporter logged. */
export function intelQueueList(reports: readonly IntelReport[], reviewer: boolean, shown: number, timeZone: string): ItemListCard {
  const items: ListItem[] = reports.slice(0, shown).map((r) => ({
    name: `${r.id} · ${areaName(r.areaId)}`,
    lines: [`${CATEGORY_LABELS[r.category]} · tension ${TENSION_LEVEL_LABELS[r.tensionLevel as 1 | 2 | 3 | 4]} · ${r.handling}`, `${INTEL_STATUS_LABELS[r.status]} · logged ${formatInstant(r.reportedAt, timeZone)}`],
    buttons: [{ title: 'Open', verb: 'intel.show', data: { id: r.id } }],
  }));
  return {
    title: reviewer ? 'New reports to review' : 'Your reports',
    intro: 'Only you see this list, here in our 1:1 chat.',
    sections: [{ heading: counted(reports.length, reviewer ? 'new report' : 'report'), items, emptyText: reviewer ? 'No new reports to review.' : 'You have not logged any reports you can see here.' }],
    ...(reports.length > shown ? { moreText: `and ${counted(reports.length - shown, 'more report')} not listed here.` } : {}),
    buttons: [],
  };
}

/** An urgent-report alert: why, never the report's text; the report opens in the reviewer's 1:1 chat. */
export function intelAlertList(report: Pick<IntelReport, 'id'>, why: string, notice?: Notice): ItemListCard {
  return {
    title: 'Intelligence alert',
    intro: why,
    ...(notice ? { notice } : {}),
    sections: [],
    buttons: [{ title: 'Open the report', verb: 'intel.show', data: { id: report.id } }],
  };
}

/** Who replied to a meeting, for the chair and coordinators, with notes. */
export function rsvpList(meeting: Meeting, whenText: string): ItemListCard {
  const section = (response: 'attending' | 'apologies', heading: (n: number) => string) => {
    const replies = meeting.rsvps.filter((r) => r.response === response);
    return {
      heading: heading(replies.length),
      items: replies.map((r) => ({ name: r.name, lines: [...(r.note ? [r.note] : []), `replied ${formatInstant(r.at)}`], buttons: [] })),
      emptyText: 'None yet.',
    };
  };
  return {
    title: `Replies: ${meeting.title}`,
    intro: whenText,
    sections: [section('attending', (n) => `Attending (${n})`), section('apologies', (n) => `Apologies (${n})`)],
    buttons: [{ title: 'Meeting pack', verb: 'meeting.pack', data: { meetingId: meeting.id } }],
  };
}

/** The people the forum knows, with a Change button for admins. */
export function peopleList(view: ReadView, people: readonly Person[], canChange: boolean, notice?: Notice): ItemListCard {
  return {
    title: 'People',
    intro: `${counted(people.length, 'person', 'people')} known to the forum.`,
    ...(notice ? { notice } : {}),
    sections: [
      {
        heading: 'By name',
        items: people.map((p) => ({
          name: p.displayName,
          lines: [`${p.organisationId ? `${organisationName(view, p.organisationId)} · ` : ''}${p.roles.join(', ') || 'no roles'}`],
          buttons: canChange ? [dialogButton('Change', 'person.edit', { personId: p.id })] : [],
        })),
        emptyText: 'Nobody is registered yet.',
      },
    ],
    buttons: canChange ? [dialogButton('Add a person', 'person.new')] : [],
  };
}

const KIND_WORDS: Record<Subscription['kinds'][number], string> = { 'meeting-reminders': 'meeting reminders', 'weekly-digest': 'the weekly digest' };

/** Where a subscription posts, as people know it: the team and channel, the group chat, the Slack channel. */
export function subscriptionName(s: Pick<Subscription, 'label' | 'target'>): string {
  if (s.target.platform === 'slack') return s.label ? `Slack: ${s.label.startsWith('#') ? s.label : `#${s.label}`}` : `Slack channel ${s.target.channelId}`;
  return s.label ? `Teams: ${s.label}` : 'Teams: a channel or group chat whose name Teams did not give';
}

/** A Slack channel's name as Slack allows it (lowercase letters, digits, hyphens, underscores, full stops). */
const SLACK_CHANNEL_NAME = /^#?[a-z0-9][a-z0-9._-]{0,79}$/;

/**
 * Slack's documented address for a channel (https://api.slack.com/docs/deep-linking), which opens
 * it from anywhere and which the Slack renderer turns into a real channel mention (`<#C…>`); only
 * for a channel whose name is safe as link text.
 */
export function subscriptionLink(s: Pick<Subscription, 'label' | 'target'>): string | undefined {
  if (s.target.platform !== 'slack' || !s.label || !SLACK_CHANNEL_NAME.test(s.label)) return undefined;
  return `https://slack.com/app_redirect?channel=${encodeURIComponent(s.target.channelId)}&team=${encodeURIComponent(s.target.teamId)}`;
}

/** The subscribed conversations, with a button to stop each one's reminders. */
export function subscriptionList(subscriptions: readonly Subscription[], canStop: boolean, timeZone: string, notice?: Notice): ItemListCard {
  return {
    title: 'Subscribed conversations',
    intro: 'Where forum reminders and digests are posted.',
    ...(notice ? { notice } : {}),
    sections: [
      {
        heading: counted(subscriptions.length, 'conversation'),
        items: subscriptions.map((s) => ({
          name: subscriptionName(s),
          ...(subscriptionLink(s) ? { link: subscriptionLink(s) } : {}),
          lines: [`Gets ${s.kinds.map((k) => KIND_WORDS[k]).join(' and ')}, ${carriesIntelSummary(s) ? 'with' : 'without'} the tensions summary`, `Since ${formatInstant(s.createdAt, timeZone)}, by ${s.createdBy}`],
          ...(s.inactive ? { warning: `Not posting since ${formatInstant(s.inactive.since, timeZone)}: ${s.inactive.reason}. Add the bot back there and subscribe again.` } : {}),
          buttons: canStop ? [{ title: 'Stop reminders', verb: 'subscription.stop', data: { id: s.id } }] : [],
        })),
        emptyText: 'No conversation is subscribed yet. In a forum channel, @mention me with subscribe reminders.',
      },
    ],
    buttons: [],
  };
}
