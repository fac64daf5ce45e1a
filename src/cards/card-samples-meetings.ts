// Samples of the meeting cards (see card-samples.ts).
import type { CardModels } from './card-models.ts';
import { untrusted } from './card-samples-untrusted.ts';

export const MEETING_CARD_SAMPLES: { readonly meetings: readonly { label: string; data: CardModels['meetings'] }[] } = {
  meetings: [
    {
      label: 'the next meeting',
      data: {
        title: 'Next forum meeting',
        meetings: [
          {
            title: untrusted('Stronger Communities Forum'),
            whenText: 'Sat 5 Dec 2026, 14:00 to 16:00 (in 12 days)',
            statusText: 'Scheduled',
            statusColour: 'Good',
            place: untrusted('Rotherham Town Hall'),
            onlineUrl: 'https://teams.example.org/meet/123',
            chair: untrusted('Leader of the Council'),
            agenda: [untrusted('Welcome and apologies'), 'Action plan review'],
          },
        ],
      },
    },
    { label: 'none scheduled', data: { title: 'Forum meetings', meetings: [] } },
  ],
};
