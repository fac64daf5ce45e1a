// Repeating meetings from the meeting form: a coordinator chooses "Monthly, on the same weekday"
// or "Every 8 weeks" and how many; each meeting of the series is at the same UK wall-clock time
// whatever the clocks do, gets its own reminders, and can be moved or cancelled on its own, or the
// rest of the series cancelled at once. A choice that does not fit the date is refused.
import { expect } from 'chai';
import { TZDate } from '@date-fns/tz';
import { addMonths, format, startOfMonth } from 'date-fns';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardActionActivity, cardButtons, cardOf, cardText, invokeResult, mentionActivity, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import type { Meeting } from '../../src/domain/model.ts';

const LONDON = 'Europe/London';
const TUESDAY = 2;

/** The first Tuesday of the month `monthsAhead` from now, as YYYY-MM-DD. */
function firstTuesday(monthsAhead: number): string {
  const month = startOfMonth(addMonths(new Date(), monthsAhead));
  const offset = (TUESDAY - month.getDay() + 7) % 7;
  return format(new Date(month.getFullYear(), month.getMonth(), 1 + offset), 'yyyy-MM-dd');
}
/** The first fifth Tuesday of a month at least two months ahead (every year has several). */
function fifthTuesday(): string {
  for (let ahead = 2; ; ahead++) {
    const candidate = format(new Date(Date.parse(`${firstTuesday(ahead)}T12:00Z`) + 28 * 86_400_000), 'yyyy-MM-dd');
    if (candidate.slice(0, 7) === firstTuesday(ahead).slice(0, 7)) return candidate;
  }
}
/** The last Tuesday of the month `monthsAhead` from now. */
const lastTuesday = (monthsAhead: number) => format(new Date(Date.parse(`${firstTuesday(monthsAhead + 1)}T12:00Z`) - 7 * 86_400_000), 'yyyy-MM-dd');
const localOf = (m: Meeting) => format(new TZDate(Date.parse(m.startsAt), LONDON), "yyyy-MM-dd'T'HH:mm");

describe('Teams: repeating forum meetings', function () {
  let bot: RunningBot;
  const coordinator = teamsUser('Chris Coordinator');
  const base = { meetingId: '', version: 0, startTime: '14:00', endTime: '16:00', location: 'Town Hall', onlineUrl: '', chair: 'Forum chair', agenda: 'Action plan review' };
  const save = (data: Record<string, unknown>) => postActivity(bot.url, cardActionActivity('meeting.save', data, { from: coordinator }));
  const act = (verb: string, data: Record<string, unknown>) => postActivity(bot.url, cardActionActivity(verb, data, { from: coordinator }));
  const series = (title: string) => [...bot.store.all('meetings')].filter((m) => m.title === title).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const pendingJobs = (id: string) => bot.store.all('jobs').filter((j) => j.payload.meetingId === id && j.status === 'pending');

  before(async () => {
    bot = await startRunningBot();
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
    await postActivity(bot.url, mentionActivity('subscribe reminders', { from: coordinator, conversationId: '19:forum@thread.tacv2' }));
  });
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  it('offers "Repeats" and how many on a new meeting\'s form', async () => {
    const form = cardOf((await postActivity(bot.url, messageActivity('new meeting', { from: coordinator }))).activities[0]);
    expect(cardText(form)).to.include('Repeats').and.include('Monthly, on the same weekday').and.include('Every 8 weeks');
    expect(JSON.stringify(form)).to.include('"id":"repeatCount"');
  });

  it('makes six monthly meetings on the first Tuesday at 14:00 UK time, each with its own reminders', async () => {
    const first = firstTuesday(2);
    const answer = await save({ ...base, title: 'Monthly forum', date: first, repeat: 'monthly-nth', repeatCount: 6 });
    expect(cardText(invokeResult(answer).value)).to.include('Saved a series of 6 meetings, on the first Tuesday of each month');
    const made = series('Monthly forum');
    const expected = [0, 1, 2, 3, 4, 5].map((i) => `${firstTuesday(2 + i)}T14:00`);
    expect(made.map(localOf)).to.deep.equal(expected);
    expect(made.map((m) => new TZDate(Date.parse(String(m.endsAt)), LONDON).getHours()), 'ends at 16:00 UK time').to.deep.equal([16, 16, 16, 16, 16, 16]);
    expect(new Set(made.map((m) => m.seriesId)).size, 'one series').to.equal(1);
    expect(made.map((m) => m.occurrence?.number)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    for (const m of made) expect(pendingJobs(m.id), `reminders for ${localOf(m)}`).to.have.length(2);
  });

  it('keeps an 8-weekly series at 10:00 on the UK wall clock across the clock changes', async () => {
    const first = firstTuesday(1);
    await save({ ...base, title: 'Eight-weekly review', date: first, startTime: '10:00', endTime: '11:30', repeat: 'weeks-8', repeatCount: '7' });
    const made = series('Eight-weekly review');
    expect(made).to.have.length(7);
    expect(made.map((m) => localOf(m).slice(11))).to.deep.equal(Array(7).fill('10:00'));
    const gaps = made.slice(1).map((m, i) => Math.round((Date.parse(`${localOf(m).slice(0, 10)}T00:00Z`) - Date.parse(`${localOf(made[i] as Meeting).slice(0, 10)}T00:00Z`)) / 86_400_000));
    expect(gaps).to.deep.equal(Array(6).fill(56));
    const offsets = new Set(made.map((m) => new Date(m.startsAt).getUTCHours()));
    expect(offsets.size, 'seven meetings over a year span both GMT and BST').to.equal(2);
  });

  it('makes a series on the last Tuesday of each month', async () => {
    await save({ ...base, title: 'Last Tuesday forum', date: lastTuesday(2), repeat: 'monthly-last', repeatCount: 3 });
    expect(series('Last Tuesday forum').map((m) => localOf(m).slice(0, 10))).to.deep.equal([lastTuesday(2), lastTuesday(3), lastTuesday(4)]);
  });

  it('refuses a repeat that does not fit the date, a series too long or an unknown choice, and saves nothing', async () => {
    const before = bot.store.count('meetings');
    const notLast = await save({ ...base, title: 'Bad series', date: firstTuesday(2), repeat: 'monthly-last', repeatCount: 4 });
    expect(cardText(invokeResult(notLast).value)).to.include('is not the last Tuesday of its month');
    const tooLong = await save({ ...base, title: 'Bad series', date: firstTuesday(2), repeat: 'weeks-4', repeatCount: 30 });
    expect(cardText(invokeResult(tooLong).value)).to.include('A series has 2 to 24 meetings');
    const unknown = await save({ ...base, title: 'Bad series', date: firstTuesday(2), repeat: 'weeks-3', repeatCount: 4 });
    expect(cardText(invokeResult(unknown).value)).to.include('Choose how the meeting repeats from the list');
    const fifth = fifthTuesday();
    const answer = await save({ ...base, title: 'Bad series', date: fifth, repeat: 'monthly-nth', repeatCount: 4 });
    expect(cardText(invokeResult(answer).value)).to.include('fifth Tuesday');
    expect(bot.store.count('meetings')).to.equal(before);
  });

  it('moves or cancels one meeting of the series on its own; the others and their reminders stay', async () => {
    const [, second, third] = series('Monthly forum') as [Meeting, Meeting, Meeting];
    const form = await act('meeting.edit', { meetingId: third.id });
    expect(cardText(invokeResult(form).value)).to.include('Meeting 3 of 6 in a series').and.include('apply to this meeting only');
    expect(JSON.stringify(invokeResult(form).value), 'no repeat choice when editing one meeting').to.not.include('"id":"repeat"');
    const movedTo = format(new Date(Date.parse(`${third.startsAt.slice(0, 10)}T12:00Z`) + 86_400_000), 'yyyy-MM-dd');
    await save({ ...base, title: 'Monthly forum', meetingId: third.id, version: third.version, date: movedTo, startTime: '15:00' });
    expect(localOf(bot.store.get('meetings', third.id) as Meeting)).to.equal(`${movedTo}T15:00`);
    expect(bot.store.get('meetings', third.id)?.occurrence?.number, 'still meeting 3 of the series').to.equal(3);

    await act('meeting.cancel-confirmed', { meetingId: second.id });
    expect(bot.store.get('meetings', second.id)?.status).to.equal('cancelled');
    expect(pendingJobs(second.id)).to.have.length(0);
    expect(series('Monthly forum').filter((m) => m.status === 'scheduled')).to.have.length(5);
  });

  it('"Cancel the rest of the series" cancels that meeting and the later ones, not the earlier', async () => {
    const made = series('Monthly forum');
    const fourth = made[3] as Meeting;
    const list = cardOf((await postActivity(bot.url, messageActivity('meetings', { from: coordinator }))).activities[0]);
    expect(cardButtons(list).map((b) => b.title)).to.include('Cancel the rest of the series');
    const asked = await act('meeting.cancel-series', { meetingId: fourth.id });
    expect(cardText(invokeResult(asked).value)).to.include('Cancel the rest of the series?').and.include('3 meetings of the series will be cancelled');
    expect(series('Monthly forum').map((m) => m.status), 'nothing more cancelled before the confirmation').to.deep.equal(['scheduled', 'cancelled', 'scheduled', 'scheduled', 'scheduled', 'scheduled']);
    const answer = await act('meeting.cancel-series-confirmed', { meetingId: fourth.id });
    expect(cardText(invokeResult(answer).value)).to.include('Cancelled 3 meetings of the series');
    expect(series('Monthly forum').map((m) => m.status)).to.deep.equal(['scheduled', 'cancelled', 'scheduled', 'cancelled', 'cancelled', 'cancelled']);
    for (const m of made.slice(3)) expect(pendingJobs(m.id)).to.have.length(0);
    expect(pendingJobs((made[0] as Meeting).id)).to.have.length(2);
  });
});
