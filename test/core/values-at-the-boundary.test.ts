// Issue 12 §1, reproduced over HTTP as Teams sends it (an `adaptiveCard/action` invoke, the shape
// in Microsoft's "Universal Actions for Adaptive Cards" docs): impossible or out-of-range dates are
// refused beside the field and nothing is written; the plan's lists keep working for everyone.
import { expect } from 'chai';
import { localDate } from '../../src/domain/calendar.ts';
import { addDays, addMonths } from '../../src/domain/values/calendar-date.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardActionActivity, cardOf, cardText, invokeResult, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

describe('Values are parsed at the boundary (issue 12 §1)', function () {
  let bot: RunningBot;
  const admin = teamsUser('Pat Admin');
  const reporter = teamsUser('Rae Reporter');
  const MILESTONE = 'BSC-0.1-M2';
  const today = () => localDate(new Date());

  before(async () => {
    bot = await startRunningBot();
    await registerTeamsPerson(bot.store, admin, ['admin']);
    await registerTeamsPerson(bot.store, reporter, ['member']);
  });
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  const update = (data: Record<string, unknown>) => postActivity(bot.url, cardActionActivity('milestone.update', { id: MILESTONE, version: bot.store.get('milestones', MILESTONE)?.version, ...data }, { from: admin }));
  const auditCount = async () => (await bot.store.readAudit({ recordId: MILESTONE, collection: 'milestones' })).length;

  it('refuses revisedDue 2024-02-30 beside the field, writes nothing, and every list still answers', async () => {
    const before = bot.store.get('milestones', MILESTONE);
    const audited = await auditCount();
    const answer = await update({ status: 'delayed', commentary: 'n', revisedDue: '2024-02-30' });
    const text = cardText(invokeResult(answer).value);
    expect(text).to.include('is not a real date');
    expect(text).to.include('Not saved yet');
    expect(text, 'no "nothing was changed" apology: the form came back with the problem').to.not.include('something went wrong');
    expect(bot.store.get('milestones', MILESTONE)).to.deep.equal(before);
    expect(await auditCount()).to.equal(audited);
    for (const command of ['milestones', 'milestones overdue', `milestone ${MILESTONE}`, `update ${MILESTONE}`]) {
      const reply = await postActivity(bot.url, messageActivity(command, { from: admin }));
      const shown = cardText(cardOf(reply.activities[0])) || String(reply.activities[0]?.text);
      expect(shown, command).to.not.match(/something went wrong/i);
      expect(shown, command).to.match(/milestone|Milestones/i);
    }
  });

  it('refuses a revised due date that has passed for Amber, and one that contradicts Amber/Red', async () => {
    const m = bot.store.get('milestones', MILESTONE);
    const before = structuredClone(m);
    const passed = await update({ status: 'delayed', commentary: 'late', revisedDue: '2020-01-01' });
    expect(cardText(invokeResult(passed).value)).to.match(/revised due date.*(today|passed)/i);
    // Three months or more after the original due date is Red, not Amber (and never a passed date).
    const original = m?.originalDue ?? today();
    const farLater = addMonths(original > today() ? original : today(), 4);
    const contradicts = await update({ status: 'delayed', commentary: 'late', revisedDue: farLater });
    const says = cardText(invokeResult(contradicts).value);
    if (addMonths(original, 3) <= farLater) expect(says).to.include('that is Red (Off track), not Amber (Delayed)');
    expect(bot.store.get('milestones', MILESTONE)).to.deep.equal(before);
  });

  it('saves Amber with a revised date inside three months of the original due date (the words and dates agree)', async () => {
    // A milestone due in the future, so a revised date under three months later is still ahead.
    const future = bot.store.all('milestones').find((m) => m.originalDue > addDays(today(), 7) && m.status !== 'complete');
    expect(future, 'a milestone due later in the seed').to.not.equal(undefined);
    const id = future?.id ?? '';
    const revised = addDays(future?.originalDue ?? today(), 30);
    const answer = await postActivity(bot.url, cardActionActivity('milestone.update', { id, version: future?.version, status: 'delayed', commentary: 'Venue moved', revisedDue: revised }, { from: admin }));
    expect(cardText(invokeResult(answer).value)).to.include('Saved by Pat Admin');
    expect(bot.store.get('milestones', id)).to.deep.include({ status: 'delayed', revisedDue: revised });
  });

  it('never proposes a revised date that has passed in the update form', async () => {
    const m = bot.store.get('milestones', MILESTONE);
    await bot.store.transact({ actor: { name: 'test set-up' }, via: 'teams' }, (tx) => {
      const current = tx.get('milestones', MILESTONE);
      if (current) tx.put('milestones', { ...current, revisedDue: '2021-03-31' }, { action: 'test.setup' });
    });
    const form = cardOf((await postActivity(bot.url, messageActivity(`update ${MILESTONE}`, { from: admin }))).activities[0]);
    const input = JSON.stringify(form).match(/"id":"revisedDue"[^}]*}/)?.[0] ?? '';
    expect(input, 'the revised date input').to.not.equal('');
    expect(input).to.not.include('2021-03-31');
    expect(input).to.include(`"min":"${today()}"`);
    expect(m?.id).to.equal(MILESTONE);
  });

  describe('the intel form\'s "when"', () => {
    const submit = (values: Record<string, unknown>) =>
      postActivity(
        bot.url,
        cardActionActivity('intel.submit', {
          occurredTime: '', areaId: 'E05012996', location: '', category: 'rumour-or-misinformation', hateStrands: '', communitiesAffected: '', description: 'A rumour about a gathering on the estate.',
          sourceType: 'social-media', sourceReliability: 'untested', informationConfidence: 'known-indirectly', tensionLevel: '1', tensionTrend: 'stable', reportedToPolice: 'false', policeReference: '', actionsTaken: '', handling: 'OFFICIAL',
          ...values,
        }, { from: reporter, conversation: 'personal' }),
      );
    const reports = () => bot.store.count('intelReports');

    for (const [occurredDate, occurredTime, why] of [
      ['2024-02-30', '', /not a real date|real date/i],
      ['1900-01-01', '', /must be from .* to today .*1 Jan 1900 is not/],
      [addDays(localDate(new Date()), 1), '', /is in the future/],
      ['', '25:00', /time/i],
    ] as const) {
      it(`refuses occurredDate "${occurredDate}" time "${occurredTime}" and saves nothing`, async () => {
        const count = reports();
        const answer = await submit({ occurredDate: occurredDate || today(), occurredTime });
        expect(cardText(invokeResult(answer).value) || String(invokeResult(answer).value)).to.match(why);
        expect(reports()).to.equal(count);
      });
    }

    it('keeps a blank time as "time not known": a report about this morning is never refused as "in the future"', async () => {
      const count = reports();
      const answer = await submit({ occurredDate: today(), occurredTime: '' });
      expect(cardText(invokeResult(answer).value)).to.include('Report logged');
      expect(reports()).to.equal(count + 1);
      const saved = bot.store.all('intelReports').at(-1);
      expect(saved?.occurredTimeKnown).to.equal(false);
      const mine = await postActivity(bot.url, messageActivity(`intel ${saved?.id}`, { from: reporter }));
      expect(cardText(cardOf(mine.activities[0]))).to.include('(time not known)');
    });
  });
});
