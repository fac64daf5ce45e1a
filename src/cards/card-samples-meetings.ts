// Samples of the meeting cards (see card-samples.ts).
import type { CardModels } from './card-models.ts';
import { untrusted } from './card-samples-untrusted.ts';
import { REPEAT_CHOICES } from '../domain/meetings/series-choice.ts';

type MeetingCards = 'meetings' | 'meeting-pack' | 'meeting-form' | 'meeting-rsvp-form' | 'meeting-calendar' | 'meeting-cancel-confirm';
export const MEETING_CARD_SAMPLES: { readonly [N in MeetingCards]: readonly { label: string; data: CardModels[N] }[] } = {
  'meeting-form': [
    {
      label: 'editing a meeting of a series, with a problem',
      data: {
        heading: 'Edit the forum meeting',
        meetingId: 'MTG-3',
        version: 2,
        values: { title: untrusted('Stronger Communities Forum'), date: '2026-12-05', startTime: '14:00', endTime: '16:00', location: 'Rotherham Town Hall', onlineUrl: '', chair: 'Leader of the Council', agenda: 'Welcome\nAction plan review', repeat: 'none' },
        errors: ['The end time must be after the start.'],
        canRepeat: false,
        repeatChoices: REPEAT_CHOICES.map((c) => ({ title: c.title, value: c.value })),
        repeatCount: 6,
        seriesText: 'Meeting 3 of 6 in a series, every 8 weeks. Changes here apply to this meeting only.',
      },
    },
    {
      label: 'a new meeting that repeats monthly',
      data: {
        heading: 'New forum meeting',
        meetingId: '',
        version: 0,
        values: { title: 'Stronger Communities Forum', date: '2026-12-01', startTime: '14:00', endTime: '16:00', location: '', onlineUrl: '', chair: '', agenda: '', repeat: 'monthly-nth' },
        errors: [],
        canRepeat: true,
        repeatChoices: REPEAT_CHOICES.map((c) => ({ title: c.title, value: c.value })),
        repeatCount: 12,
      },
    },
  ],
  'meeting-rsvp-form': [
    {
      label: 'changing an earlier reply, with a note',
      data: {
        meetingId: 'MTG-3',
        title: untrusted('Stronger Communities Forum'),
        whenText: 'Sat 5 Dec 2026, 14:00 to 16:00',
        currentText: 'You replied Attending on Mon 23 Nov 2026, 10:15.',
        response: 'apologies',
        note: untrusted('Deputy <!channel> attends for me'),
      },
    },
    { label: 'first reply', data: { meetingId: 'MTG-3', title: 'Stronger Communities Forum', whenText: 'Sat 5 Dec 2026, 14:00', response: '', note: '' } },
  ],
  'meeting-pack': [
    {
      label: 'a week before',
      data: {
        heading: 'Forum meeting in 7 days: the meeting pack',
        meetingId: 'MTG-3',
        title: untrusted('Stronger Communities Forum'),
        whenText: 'Sat 5 Dec 2026, 14:00 to 16:00',
        place: untrusted('Rotherham Town Hall'),
        agenda: [untrusted('Welcome and apologies'), 'Action plan review'],
        dueTitle: 'Due before the meeting (2)',
        due: [{ id: 'BSC-2.1-M3', description: untrusted('Roadshow in Rawmarsh'), note: 'Green: On track, due in 5 days' }, { id: 'BSC-0.2-M1', description: 'Grants monitoring report', note: 'Grey: Not started, due in 9 days' }],
        overdueTitle: 'Overdue (1)',
        overdue: [{ id: 'BSC-3.3-M1', description: untrusted('Protest protocol reviewed'), note: 'Red: Off track, 10 days overdue' }],
        tensionsText: '9 reports in 3 areas since Tue 3 Nov 2026.',
        tensions: [{ name: 'Boston Castle', text: '5 reports, highest level 3, rising' }, { name: 'Keppel', text: 'Fewer than 3 reports, highest level 2: Heightened, stable' }],
        rsvpText: '4 attending, 1 apology so far.',
      },
    },
  ],
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
            calendarUrl: 'https://forum.example.org/downloads/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
            chair: untrusted('Leader of the Council'),
            agenda: [untrusted('Welcome and apologies'), 'Action plan review'],
            id: 'MTG-3',
            canManage: true,
            canCancelSeries: true,
          },
        ],
      },
    },
    { label: 'none scheduled', data: { title: 'Forum meetings', meetings: [], notice: { text: 'Cancelled 4 meetings of the series, from Tue 2 Feb 2027. Their reminders are withdrawn.', colour: 'Warning' } } },
  ],
  'meeting-calendar': [
    {
      label: 'a calendar link',
      data: {
        title: untrusted('Stronger Communities Forum'),
        whenText: 'Sat 5 Dec 2026, 14:00 to 16:00 (in 12 days)',
        calendarUrl: 'https://forum.example.org/downloads/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        linkText: 'A calendar file (.ics) for Outlook or any calendar. The link is yours, and works until the meeting ends.',
      },
    },
  ],
  'meeting-cancel-confirm': [
    {
      label: 'one meeting',
      data: {
        heading: 'Cancel this meeting?',
        meetingId: 'MTG-3',
        title: untrusted('Stronger Communities Forum'),
        whenText: 'Sat 5 Dec 2026, 14:00 to 16:00 (in 12 days)',
        consequences: ['The meeting will show as cancelled, with no link to join it or add it to a calendar.', 'Reminders not yet sent to the forum channels are withdrawn.', '4 replies already received will be closed.'],
        confirmTitle: 'Yes, cancel the meeting',
        confirmVerb: 'meeting.cancel-confirmed',
      },
    },
    {
      label: 'the rest of a series',
      data: {
        heading: 'Cancel the rest of the series?',
        meetingId: 'MTG-3',
        title: untrusted('Stronger Communities Forum'),
        whenText: 'Sat 5 Dec 2026, 14:00 to 16:00 (in 12 days)',
        consequences: ['4 meetings of the series will be cancelled, this one and every later one.', 'Reminders not yet sent to the forum channels are withdrawn.'],
        confirmTitle: 'Yes, cancel 4 meetings',
        confirmVerb: 'meeting.cancel-series-confirmed',
      },
    },
  ],
};
