// Samples of the list card (see card-samples.ts): one per list it shows.
import type { CardModels } from './card-models.ts';
import { untrusted } from './card-samples-untrusted.ts';

export const LIST_CARD_SAMPLES: { readonly 'item-list': readonly { label: string; data: CardModels['item-list'] }[] } = {
  'item-list': [
    {
      label: 'the intelligence review queue',
      data: {
        title: 'New reports to review',
        intro: 'Only you see this list, here in our 1:1 chat.',
        sections: [
          {
            heading: '2 new reports',
            items: [
              { name: 'INT-20261205-1 · Eastwood', lines: ['Protest or march · tension 3: High · OFFICIAL-SENSITIVE', 'New · logged Sat 5 Dec 2026, 09:40'], buttons: [{ title: 'Open', verb: 'intel.show', data: { id: 'INT-20261205-1' } }] },
              { name: 'INT-20261205-2 · Boston Castle', lines: ['Rumour or misinformation · tension 2: Heightened · OFFICIAL', 'New · logged Sat 5 Dec 2026, 10:15'], buttons: [{ title: 'Open', verb: 'intel.show', data: { id: 'INT-20261205-2' } }] },
            ],
            emptyText: 'No new reports to review.',
          },
        ],
        moreText: 'and 3 more reports not listed here.',
        buttons: [],
      },
    },
    {
      label: 'replies to a meeting, with people\'s names and notes',
      data: {
        title: untrusted('Replies: Stronger Communities Forum'),
        intro: 'Sat 5 Dec 2026, 14:00 to 16:00 (in 12 days)',
        sections: [
          { heading: 'Attending (1)', items: [{ name: untrusted('Jo Bloggs'), lines: [untrusted('joining online'), 'replied Mon 30 Nov 2026, 09:12'], buttons: [] }], emptyText: 'None yet.' },
          { heading: 'Apologies (0)', items: [], emptyText: 'None yet.' },
        ],
        buttons: [{ title: 'Meeting pack', verb: 'meeting.pack', data: { meetingId: 'MTG-3' } }],
      },
    },
    {
      label: 'subscriptions, one no longer posting',
      data: {
        title: 'Subscribed conversations',
        notice: { text: 'Stopped: Teams: Forum partners › Reminders gets no more forum reminders.', colour: 'Good' },
        sections: [
          {
            heading: '2 conversations',
            items: [
              { name: 'Slack: #forum-leads', link: 'https://slack.com/app_redirect?channel=C0FORUMLEADS&team=T0FORUM', lines: ['Gets meeting reminders and the weekly digest, with the tensions summary'], buttons: [{ title: 'Stop reminders', verb: 'subscription.stop', data: { id: 'SUB-2' } }] },
              { name: untrusted('Slack: #forum-partners'), lines: ['Gets meeting reminders', untrusted('Since Mon 2 Nov 2026, 10:00, by Cass Coordinator')], warning: 'Not posting since Tue 1 Dec 2026, 09:00: channel_not_found. Add the bot back there and subscribe again.', buttons: [{ title: 'Stop reminders', verb: 'subscription.stop', data: { id: 'SUB-1' } }] },
            ],
            emptyText: 'No conversation is subscribed yet.',
          },
        ],
        buttons: [],
      },
    },
    { label: 'an alert, no items', data: { title: 'Intelligence alert', intro: 'Intelligence alert: report INT-20261205-1 (Eastwood): tension level 4.', sections: [], buttons: [{ title: 'Open the report', verb: 'intel.show', data: { id: 'INT-20261205-1' } }] } },
  ],
};
