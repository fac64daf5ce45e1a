// Issue 15: nudges are planned for the next meetings only, not for every meeting to come (which
// wrote owners x meetings jobs at start). Each meeting still gets its nudges in good time: once
// the next meeting has been held, planning (hourly, or after a change) adds the one after.
import { expect } from 'chai';
import { NUDGE_HORIZON_MEETINGS } from '../../src/jobs/forum-jobs.ts';
import { meetingIdOf } from '../../src/scheduler/job-kinds.ts';
import { assignOwner, registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('planning: nudges for the next meetings only', () => {
  let bot: RunningBot;
  let clock = new Date();
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  const pendingNudgeMeetings = () => new Set(bot.store.all('jobs').filter((j) => j.kind === 'meeting-nudge' && j.status === 'pending').map((j) => meetingIdOf(j.payload)));
  const coming = () => [...bot.store.all('meetings')].filter((m) => m.status === 'scheduled' && m.startsAt > clock.toISOString()).sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  it(`nudges owners before the next ${NUDGE_HORIZON_MEETINGS} meetings, none further ahead, and the next one's once a meeting is past`, async () => {
    bot = await startRunningBot({}, () => clock);
    // Three more monthly meetings after the seed's, as the forum would schedule them.
    const last = Date.parse(coming().at(-1)?.startsAt ?? clock.toISOString());
    await bot.store.transact({ actor: { name: 'test' }, via: 'cli' }, (tx) => {
      for (let i = 1; i <= 3; i += 1) {
        const startsAt = new Date(last + i * 28 * 86_400_000).toISOString();
        tx.put('meetings', { id: `MTG-H${i}`, title: `Forum meeting H${i}`, startsAt, location: 'Riverside House', chair: 'Forum chair', agenda: ['Action plan'], status: 'scheduled', rsvps: [], version: 1 }, { action: 'meeting.add' });
      }
    });
    const meetings = coming();
    expect(meetings.length, 'the seed has meetings enough to show the horizon').to.be.greaterThan(NUDGE_HORIZON_MEETINGS);
    // An owner with a milestone due by every coming meeting, so each would have a nudge.
    const owner = await registerTeamsPerson(bot.store, teamsUser('Hana Horizon'), ['member'], 'rmbc');
    const early = bot.store.all('milestones').filter((m) => m.status !== 'complete' && m.status !== 'closed' && (m.revisedDue ?? m.originalDue) <= String(meetings[0]?.startsAt).slice(0, 10));
    expect(early.length).to.be.greaterThan(0);
    await assignOwner(bot.store, early[0]?.id ?? '', owner.id);
    await bot.jobs.plan();
    const nudged = pendingNudgeMeetings();
    expect([...nudged].sort()).to.deep.equal(meetings.slice(0, NUDGE_HORIZON_MEETINGS).map((m) => m.id).sort());

    // The first meeting is over: the next planning adds the nudges of the meeting after the horizon.
    clock = new Date(Date.parse(meetings[0]?.startsAt ?? '') + 3 * 3_600_000);
    await bot.jobs.plan();
    const later = pendingNudgeMeetings();
    expect(later.has(meetings[NUDGE_HORIZON_MEETINGS]?.id ?? ''), 'the next meeting now has its nudges').to.equal(true);
    expect([...later].filter((id) => !meetings.slice(0, NUDGE_HORIZON_MEETINGS + 1).some((m) => m.id === id)), 'nothing further ahead').to.deep.equal([]);
  });
});
