// Samples of the admins' status card (see card-samples.ts).
import type { CardModels } from './card-models.ts';
import { untrusted } from './card-samples-untrusted.ts';

const COUNTING_NOTE =
  'Errors: error lines this bot process logged in the last 24 hours (counted in memory, so a restart starts again from zero), and scheduled messages marked failed or missed in the audit log in the last 24 hours. Waiting: scheduled messages not sent yet, retries included. Kept: private messages (intelligence alerts, notices to admins) that could not reach their person yet; each goes when its person next writes to the bot.';

export const STATUS_CARD_SAMPLES: { readonly status: readonly { label: string; data: CardModels['status'] }[] } = {
  status: [
    {
      label: 'all well',
      data: {
        checkedText: 'Checked Mon 23 Nov 2026, 09:05 (UK time)',
        health: { text: 'All well: no errors in the last 24 hours.', colour: 'Good' },
        facts: [
          { title: 'Version', value: '0.1.0 (Node.js v20.20.0)' },
          { title: 'Running for', value: '3 days 4 h (since Fri 20 Nov 2026, 05:00)' },
          { title: 'Data', value: '1.2 MB in the data files, 340 KB audit log' },
          { title: 'Last backup', value: 'Mon 23 Nov 2026, 05:00 (4 h ago); 14 backups kept' },
          { title: 'Waiting to send', value: '12 scheduled messages; next Mon 30 Nov 2026, 09:00' },
          { title: 'Subscriptions', value: '3 active, 0 inactive' },
          { title: 'Errors, last 24 h', value: '0 logged errors; 0 scheduled messages not delivered' },
        ],
        undeliveredTitle: 'Not delivered in the last 24 hours',
        undelivered: [],
        keptTitle: 'Kept until their person can be reached',
        kept: [],
        countingNote: COUNTING_NOTE,
      },
    },
    {
      label: 'errors and a channel the bot was removed from',
      data: {
        checkedText: 'Checked Mon 23 Nov 2026, 09:05 (UK time)',
        health: { text: 'Needs a look: 2 logged errors, 1 scheduled message not delivered, 1 inactive subscription.', colour: 'Warning' },
        facts: [
          { title: 'Version', value: '0.1.0 (Node.js v20.20.0)' },
          { title: 'Running for', value: '2 h 10 min (since Mon 23 Nov 2026, 06:55)' },
          { title: 'Data', value: '48 KB in the data files, 12 KB audit log' },
          { title: 'Last backup', value: 'none in the data folder' },
          { title: 'Waiting to send', value: 'nothing' },
          { title: 'Subscriptions', value: '2 active, 1 inactive' },
          { title: 'Errors, last 24 h', value: '2 logged errors; 1 scheduled message not delivered' },
        ],
        undeliveredTitle: 'Not delivered in the last 24 hours',
        undelivered: [{ what: `Meeting reminder to ${untrusted('#forum-partners')}, due Mon 23 Nov 2026, 09:00`, detail: untrusted('channel_not_found') }],
        keptTitle: 'Kept until their person can be reached',
        kept: [{ what: `Intelligence alert INT-20261123-2 for ${untrusted('Rita Reviewer')}, kept since Mon 23 Nov 2026, 08:40`, detail: 'has not opened a 1:1 chat with the bot yet' }],
        countingNote: COUNTING_NOTE,
      },
    },
  ],
};
