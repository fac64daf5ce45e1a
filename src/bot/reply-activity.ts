// A reply as a Bot Framework message activity: text (markdown) or one Adaptive Card attachment.
import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import type { Reply } from './turn.ts';

/** Set in an activity's channelData when the reply is for the person who asked (turn.ts `forThePerson`). */
export const FOR_THE_PERSON = 'forumForThePerson';

export function replyActivity(reply: Reply): Partial<Activity> {
  const audience = reply.forThePerson ? { channelData: { [FOR_THE_PERSON]: true } } : {};
  if (reply.kind === 'text') return { type: ActivityTypes.Message, text: reply.text, textFormat: 'markdown', ...audience };
  return { type: ActivityTypes.Message, summary: reply.summary, attachments: [CardFactory.adaptiveCard(reply.card)], ...audience };
}

/** Whether an outgoing activity is for the person who asked only. */
export function isForThePerson(activity: Partial<Activity>): boolean {
  const data: unknown = activity.channelData;
  return typeof data === 'object' && data !== null && FOR_THE_PERSON in data && (data as Record<string, unknown>)[FOR_THE_PERSON] === true;
}
