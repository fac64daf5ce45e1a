// A reply as a Bot Framework message activity: text (markdown) or one Adaptive Card attachment.
import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import type { Reply } from './turn.ts';

export function replyActivity(reply: Reply): Partial<Activity> {
  if (reply.kind === 'text') return { type: ActivityTypes.Message, text: reply.text, textFormat: 'markdown' };
  return { type: ActivityTypes.Message, summary: reply.summary, attachments: [CardFactory.adaptiveCard(reply.card)] };
}
