// How long each kind of download link works, over real HTTP on a fake clock: a meeting's calendar
// link is the same each time the person asks, works any number of times until the meeting ends
// (or is cancelled), and outlives a restart; an export link works once, within 10 minutes, for the
// reviewer who asked. Every link that does not work gets the same plain 404. Tokens never reach
// the data folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { revokeLinks } from '../../src/links/links.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardActionActivity, cardLinks, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser, type TeamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const LINK = /\((http:\/\/127\.0\.0\.1:\d+\/downloads\/([A-Za-z0-9_-]{43}))\)/;

function linkIn(text: string): { url: string; token: string } {
  const match = LINK.exec(text);
  if (!match?.[1] || !match[2]) throw new Error(`no download link in: ${text}`);
  return { url: match[1], token: match[2] };
}

/** Every file the store writes (snapshots, journal, audit, backups), as text. */
function dataFolderText(dataDir: string): string {
  const texts: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name);
      if (statSync(file).isDirectory()) walk(file);
      else texts.push(readFileSync(file, 'utf8'));
    }
  };
  walk(dataDir);
  return texts.join('\n');
}

const fetchStatus = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') ?? '' };
};

describe('Download links: lifetimes by purpose', function () {
  this.timeout(60_000);
  let bot: RunningBot;
  let clock = new Date();
  const member = teamsUser('Mo Member');
  const other = teamsUser('Ola Other');
  const reviewer = teamsUser('Rita Reviewer');
  const coordinator = teamsUser('Chris Coordinator');
  const errorLines = () => bot.logs.filter((line) => Number(line.level) >= 50).map((line) => String(line.msg));

  before(async () => {
    bot = await startRunningBot({}, () => clock);
    await registerTeamsPerson(bot.store, member, ['member'], 'rmbc');
    await registerTeamsPerson(bot.store, other, ['member'], 'rmbc');
    await registerTeamsPerson(bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police');
    await registerTeamsPerson(bot.store, coordinator, ['coordinator'], 'rmbc');
  });
  after(async () => {
    await bot?.stop();
    removeTempDirs();
  });

  /** The coming scheduled meetings, as the "Add to calendar" of a card made before it became a link names them. */
  async function calendarButtons(user: TeamsUser) {
    const card = cardOf((await postActivity(bot.url, messageActivity('meetings', { from: user }))).activities[0]);
    expect(cardLinks(card).filter((l) => l.title === 'Add to calendar').length, 'the meetings card links the files').to.be.greaterThan(0);
    const now = clock.toISOString();
    return bot.store.all('meetings').filter((m) => m.status === 'scheduled' && m.startsAt >= now).sort((a, b) => a.startsAt.localeCompare(b.startsAt)).slice(0, 5).map((m) => ({ data: { meetingId: m.id } }));
  }
  /** The answer to such a button: a refusal in words, or a card whose button opens the link (given here as "text (url)"). */
  async function calendarLink(user: TeamsUser, data: Record<string, unknown>) {
    const answer = invokeResult(await postActivity(bot.url, cardActionActivity('meeting.ics', data, { from: user })));
    if (typeof answer.value === 'string') return answer.value;
    return `${cardText(answer.value)} (${cardLinks(answer.value)[0]?.url ?? ''})`;
  }
  async function exportLink(user: TeamsUser) {
    const answer = await postActivity(bot.url, messageActivity('intel export', { from: user }));
    return linkIn(String(answer.activities[0]?.text));
  }

  it('gives the same calendar link each time a person asks, another person their own, and it works any number of times', async () => {
    const [first] = await calendarButtons(member);
    const data = first?.data ?? {};
    const mine = linkIn(await calendarLink(member, data));
    expect(linkIn(await calendarLink(member, data)).token, 'asked again').to.equal(mine.token);
    const theirs = linkIn(await calendarLink(other, data));
    expect(theirs.token).to.not.equal(mine.token);
    for (let i = 0; i < 3; i += 1) {
      const file = await fetchStatus(mine.url);
      expect(file.status).to.equal(200);
      expect(file.type).to.include('text/calendar');
      expect(file.body).to.include('BEGIN:VEVENT');
    }
    expect(await calendarLink(member, data)).to.include('works until the meeting ends');
  });

  it('keeps no token in the data folder or the logs: the store holds only its HMAC', async () => {
    const [first] = await calendarButtons(member);
    const ics = linkIn(await calendarLink(member, first?.data ?? {}));
    const csv = await exportLink(reviewer);
    const stored = dataFolderText(bot.dataDir);
    expect(bot.store.count('links')).to.be.greaterThan(0);
    expect(stored).to.not.include(ics.token);
    expect(stored).to.not.include(csv.token);
    // A method the route does not take is answered 405, and its log line names no token either.
    for (const method of ['HEAD', 'POST']) expect((await fetch(ics.url, { method })).status).to.equal(405);
    expect(bot.logText()).to.include('"url":"/downloads/[token]"');
    expect(bot.logText()).to.not.include(ics.token);
    expect((await fetchStatus(csv.url)).status, 'the export still works').to.equal(200);
  });

  it('answers a wrong, used, expired or retired link with the same plain 404', async () => {
    const wrong = await fetchStatus(`${bot.url}/downloads/${'x'.repeat(43)}`);
    const malformed = await fetchStatus(`${bot.url}/downloads/short`);
    const used = await exportLink(reviewer);
    expect((await fetchStatus(used.url)).status).to.equal(200);
    const usedAgain = await fetchStatus(used.url);
    const expiring = await exportLink(reviewer);
    clock = new Date(clock.getTime() + 11 * 60_000);
    const expired = await fetchStatus(expiring.url);
    clock = new Date();
    // A sixth export link retires the reviewer's oldest live one; another reviewer's stays.
    const mine = [];
    for (let i = 0; i < 6; i += 1) mine.push(await exportLink(reviewer));
    const retired = await fetchStatus(String(mine[0]?.url));
    for (const answer of [wrong, malformed, usedAgain, expired, retired]) {
      expect(answer.status).to.equal(404);
      expect(answer.body).to.equal(wrong.body);
      expect(answer.type).to.include('text/plain');
    }
    expect(wrong.body).to.equal('This link does not work. Ask the bot for a new one.\n');
    expect((await fetchStatus(String(mine[5]?.url))).status, 'the newest').to.equal(200);
    expect(errorLines()).to.deep.equal([]);
  });

  it('limits export links per reviewer: asking many times retires that reviewer\'s oldest, never another\'s', async () => {
    const admin = teamsUser('Ada Admin');
    await registerTeamsPerson(bot.store, admin, ['admin'], 'rmbc');
    const theirs = await exportLink(admin);
    const mine = [];
    for (let i = 0; i < 20; i += 1) mine.push(await exportLink(reviewer));
    expect((await fetchStatus(String(mine[14]?.url))).status, 'the sixth newest: retired').to.equal(404);
    for (const link of mine.slice(15)) expect((await fetchStatus(link.url)).status, 'the five newest').to.equal(200);
    expect((await fetchStatus(theirs.url)).status, 'another reviewer\'s').to.equal(200);
  });

  it('stops a calendar link when the meeting is cancelled, and when it has ended', async () => {
    const buttons = await calendarButtons(coordinator);
    expect(buttons.length, 'at least two meetings').to.be.greaterThan(1);
    const [one, two] = buttons;
    const cancelled = linkIn(await calendarLink(member, one?.data ?? {}));
    const ending = linkIn(await calendarLink(member, two?.data ?? {}));
    expect((await fetchStatus(cancelled.url)).status).to.equal(200);
    await postActivity(bot.url, cardActionActivity('meeting.cancel-confirmed', one?.data ?? {}, { from: coordinator }));
    expect(bot.store.get('meetings', String(one?.data.meetingId))?.status).to.equal('cancelled');
    expect((await fetchStatus(cancelled.url)).status, 'cancelled').to.equal(404);
    expect(await calendarLink(member, one?.data ?? {})).to.include('was cancelled');

    const meeting = bot.store.get('meetings', String(two?.data.meetingId));
    const end = Date.parse(meeting?.endsAt ?? String(meeting?.startsAt)) + 3 * 60 * 60_000;
    const before = clock;
    clock = new Date(end);
    expect((await fetchStatus(ending.url)).status, 'ended').to.equal(404);
    expect(await calendarLink(member, two?.data ?? {})).to.include('has ended');
    clock = before;
    expect(errorLines()).to.deep.equal([]);
  });

  it('keeps calendar links working after a restart, the same link for the same person', async () => {
    const data: Record<string, unknown> = (await calendarButtons(member)).at(-1)?.data ?? {};
    const before = linkIn(await calendarLink(member, data));
    const dataDir = bot.dataDir;
    await bot.stop();
    bot = await startRunningBot({ DATA_DIR: dataDir }, () => clock);
    const again = linkIn(await calendarLink(member, data));
    expect(again.token).to.equal(before.token);
    expect((await fetchStatus(`${bot.url}/downloads/${before.token}`)).status).to.equal(200);
  });

  it('sweeps expired links a bounded batch at a time, as links are issued', async () => {
    const setup = { actor: { name: 'test setup' }, via: 'cli' } as const;
    const long = new Date(clock.getTime() - 86_400_000).toISOString();
    await bot.store.transact(setup, (tx) => {
      for (let i = 0; i < 250; i += 1) {
        tx.put('links', { id: randomBytes(32).toString('base64url'), purpose: 'meeting-ics', holder: `P-someone-${i}`, subject: 'M-gone', issuedVia: 'teams', issuedAt: long, expiresAt: long, singleUse: false }, { action: 'test.setup' });
      }
    });
    const expired = () => bot.store.all('links').filter((l) => Date.parse(l.expiresAt) <= clock.getTime()).length;
    expect(expired()).to.equal(250);
    await exportLink(reviewer);
    expect(expired(), 'one issue sweeps at most 100').to.equal(150);
    await exportLink(reviewer);
    await exportLink(reviewer);
    expect(expired()).to.equal(0);
  });

  it('revokes links inside a transaction: a revoked link gets the same 404', async () => {
    const data: Record<string, unknown> = (await calendarButtons(member)).at(-1)?.data ?? {};
    const link = linkIn(await calendarLink(member, data));
    expect((await fetchStatus(link.url)).status).to.equal(200);
    const revoked = await bot.store.transact({ actor: { name: 'test' }, via: 'cli' }, (tx) => revokeLinks(tx, { purpose: 'meeting-ics', subject: String(data.meetingId) }));
    expect(revoked).to.be.greaterThan(0);
    const answer = await fetchStatus(link.url);
    expect(answer.status).to.equal(404);
    expect(answer.body).to.equal('This link does not work. Ask the bot for a new one.\n');
    expect(linkIn(await calendarLink(member, data)).token, 'asking again gives a new link').to.not.equal(link.token);
  });
});
