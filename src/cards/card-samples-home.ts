// Samples of the Home dashboard card (see card-samples.ts).
import type { CardModels } from './card-models.ts';
import { untrusted } from './card-samples-untrusted.ts';
import { statusView } from './format.ts';

const amber = statusView('delayed');

export const HOME_CARD_SAMPLES: { readonly home: readonly { label: string; data: CardModels['home'] }[] } = {
  home: [
    {
      label: 'Home for a known person, with overdue and upcoming milestones and user text',
      data: {
        title: 'Stronger Communities Forum',
        personLine: untrusted('You are Jo Bloggs (RMBC); roles: member.'),
        mineTitle: untrusted('RMBC milestones'),
        scopeNote: untrusted('None are assigned to you by name, so these are RMBC’s.'),
        sections: [
          {
            title: 'Overdue (6)',
            items: [
              { id: 'BSC-2.3-M1', description: untrusted('Deliver two community roadshows'), status: amber, dueText: 'Fri 14 Mar 2025', dueNote: '3 days overdue', canEdit: true },
              { id: 'BSC-4.1-M2', description: 'Publish hate-crime reporting guidance', status: statusView('off-track'), dueText: 'Mon 3 Feb 2025', dueNote: '42 days overdue', canEdit: false },
            ],
            moreText: 'and 4 more: type `milestones mine overdue` for all of them.',
          },
          { title: 'Due this week', items: [], emptyText: 'Nothing is due in the next 7 days.' },
        ],
        generatedText: 'As of Mon 17 Mar 2025, 09:00',
        themes: [
          { theme: untrusted('Coordination and overarching activity'), counts: '11 milestones: Grey 1, Green 3, Amber 1, Blue 6' },
          { theme: 'Bringing people together', counts: '6 milestones: Green 2, Amber 2, Red 1, Blue 1' },
        ],
        totalText: '17 milestones in 5 themes; 4 overdue.',
        buttons: [
          { title: 'My milestones', verb: 'milestones.page', data: { msteams: { type: 'task/fetch' }, verb: 'milestones.page', query: 'milestones mine', page: 1 }, dialog: true },
          { title: 'Help', verb: 'help.show', data: { msteams: { type: 'task/fetch' }, verb: 'help.show' }, dialog: true },
        ],
        panels: [
          {
            title: 'Next forum meeting',
            lines: [untrusted('Stronger Communities Forum: spring meeting'), untrusted('Thu 20 Mar 2025, 10:00 to 12:00 (in 3 days) · Riverside House')],
            buttons: [{ title: 'Meeting pack', verb: 'meeting.pack', data: { msteams: { type: 'task/fetch' }, verb: 'meeting.pack', meetingId: 'MTG-3' }, dialog: true }],
          },
          { title: 'Community intelligence', lines: ['You have logged 3 reports (1 not reviewed yet).', '2 new reports to review.'], buttons: [{ title: 'Review queue', verb: 'intel.list', data: { msteams: { type: 'task/fetch' }, verb: 'intel.list' }, dialog: true }] },
          { title: 'Small grants', lines: [untrusted('Small grants 2027: open until 2027-02-26.'), '£9,250 left of £10,000 · 2 applications, 1 awaiting a decision.'], buttons: [] },
        ],
      },
    },
    {
      label: 'Home for someone not known yet',
      data: {
        title: 'Stronger Communities Forum',
        personLine: 'I do not know you yet. Your account code is slack:T0FORUM01:U0NEW; send it to a forum coordinator, who can add you.',
        sections: [],
        generatedText: 'As of Mon 17 Mar 2025, 09:00',
        themes: [],
        totalText: 'No milestones yet.',
        buttons: [],
        panels: [{ title: 'Next forum meeting', lines: ['No forum meeting is scheduled yet.'], buttons: [] }],
      },
    },
  ],
};
