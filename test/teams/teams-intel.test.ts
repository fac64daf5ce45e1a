// Community intelligence from Teams over real HTTP: the form only in a 1:1 chat, the personal-data
// check before saving, the private confirmation, and a forum summary without any description.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { startStandInConnector, type StandInConnector } from '../helpers/stand-in-connector.ts';
import { cardActionActivity, cardButtons, cardOf, cardText, invokeResult, mentionActivity, messageActivity, postActivity, teamsUser } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const WARD = 'E05012996';
const SECRET_TEXT = 'Leaflets for a march were handed out outside the mosque on Saturday';

function formData(overrides: Record<string, string> = {}): Record<string, string> {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  return {
    occurredDate: yesterday,
    occurredTime: '18:30',
    areaId: WARD,
    location: 'Near the market',
    category: 'protest-or-march',
    hateStrands: 'religion-or-belief',
    communitiesAffected: 'religion-or-belief,race',
    description: SECRET_TEXT,
    sourceType: 'community-member',
    sourceReliability: 'untested',
    informationConfidence: 'known-indirectly',
    tensionLevel: '2',
    tensionTrend: 'rising',
    reportedToPolice: 'false',
    policeReference: '',
    actionsTaken: '',
    handling: 'OFFICIAL',
    ...overrides,
  };
}

describe('Teams: logging community intelligence', function () {
  let bot: RunningBot;
  const officer = teamsUser('Olu Officer');
  const stranger = teamsUser('Sam Stranger');

  before(async () => {
    bot = await startRunningBot();
    await registerTeamsPerson(bot.store, officer, ['member'], 'voluntary-action-rotherham');
  });
  after(async () => {
    await bot.stop();
    removeTempDirs();
  });

  const submit = (data: Record<string, string>) => postActivity(bot.url, cardActionActivity('intel.submit', data, { from: officer }));

  it('offers the form only in a 1:1 chat, and says nothing about reports in a channel', async () => {
    const inChannel = await postActivity(bot.url, mentionActivity('log intel', { from: officer }));
    expect(inChannel.activities).to.have.length(1);
    expect(inChannel.activities[0]?.text).to.include('only in our 1:1 chat');
    expect(cardOf(inChannel.activities[0])).to.equal(undefined);
    const forged = await postActivity(bot.url, cardActionActivity('intel.submit', formData(), { from: officer, conversation: 'channel' }));
    expect(String(invokeResult(forged).value)).to.include('only in our 1:1 chat');
    expect(bot.store.count('intelReports')).to.equal(0);
  });

  it('asks an unknown person to be added first', async () => {
    const answer = await postActivity(bot.url, messageActivity('log intel', { from: stranger }));
    expect(answer.activities[0]?.text).to.include('I need to know who you are');
  });

  it('shows the 999/101 reminder and every field of the report on the form', async () => {
    const form = cardOf((await postActivity(bot.url, messageActivity('report', { from: officer }))).activities[0]);
    const text = cardText(form);
    expect(text).to.include('999');
    expect(text).to.include('101');
    for (const label of ['Area', 'Category', 'Hate strands', 'Communities affected', 'Source reliability', 'Confidence in the information', 'Tension level', 'Trend', 'Reported to the police', 'Handling']) expect(text).to.include(label);
    expect(text).to.include('Boston Castle');
    expect(cardButtons(form).map((b) => b.verb)).to.include('intel.submit');
  });

  it('refuses missing fields and a future date, keeping what was typed, and saves nothing', async () => {
    const answer = await submit(formData({ description: '', occurredDate: '2099-01-01' }));
    const text = cardText(invokeResult(answer).value);
    expect(text).to.include('Not saved yet');
    expect(text).to.match(/future/i);
    expect(text).to.include('Near the market');
    expect(bot.store.count('intelReports')).to.equal(0);
  });

  it('lists a house-number address, a social-media link and a labelled phone number among the findings, and saves nothing', async () => {
    const description = `${SECRET_TEXT}; they met at 17 Birch Grove, filmed it for tiktok.com/@someone_else, Mob:07700 900111`;
    const text = cardText(invokeResult(await submit(formData({ description }))).value);
    expect(text).to.include('This may identify someone');
    expect(text).to.include('a house number and street').and.include('17 Birch Grove');
    expect(text).to.include('a social-media account or link').and.include('tiktok.com/@someone_else');
    expect(text).to.include('a phone number').and.include('07700 900111');
    expect(bot.store.count('intelReports')).to.equal(0);
  });

  it('finds a phone number and a postcode before saving, and saves as OFFICIAL-SENSITIVE once confirmed', async () => {
    const data = formData({ description: `${SECRET_TEXT}; organiser on 07700 900123 near S60 1AE` });
    const first = await submit(data);
    const text = cardText(invokeResult(first).value);
    expect(text).to.include('07700 900123');
    expect(text).to.include('S60 1AE');
    expect(text).to.include('This may identify someone');
    expect(bot.store.count('intelReports')).to.equal(0);

    const confirmed = await submit({ ...data, identifiersConfirmed: 'true' });
    expect(cardText(invokeResult(confirmed).value)).to.match(/Report logged: INT-/);
    const [report] = bot.store.all('intelReports');
    expect(report?.handling).to.equal('OFFICIAL-SENSITIVE');
    expect(report?.reporterPersonId).to.equal(bot.store.all('people').find((p) => p.displayName === 'Olu Officer')?.id);
  });

  it('logs an ordinary report as OFFICIAL with a private confirmation', async () => {
    const answer = await submit(formData({ description: 'A group of 30 people gathered in Rother Vale at 19:30, tension level 2 in 2025' }));
    const card = invokeResult(answer).value;
    const text = cardText(card);
    expect(text).to.match(/Report logged: INT-/);
    expect(bot.store.all('intelReports').filter((r) => r.handling === 'OFFICIAL')).to.have.length(1);
    // Id, area, category and level only: nothing the reporter typed (the location, the description).
    expect(text).to.include('Boston Castle').and.include('Protest or march').and.include('2:');
    expect(JSON.stringify(card)).to.not.include('Near the market').and.not.include('A group of 30 people');
  });

  it('gives forum members the per-ward picture with counts and levels, and never a description', async () => {
    const answer = await postActivity(bot.url, mentionActivity('tensions', { from: officer }));
    const card = cardOf(answer.activities[0]);
    const text = cardText(card);
    expect(text).to.include('Community tensions by ward');
    expect(text).to.include('Boston Castle');
    // Two reports in Boston Castle: a small number, shown as "fewer than 3" (src/domain/intel/small-numbers.ts).
    expect(text).to.include('Fewer than 3 reports in 1 area');
    expect(text).to.not.include('2 reports');
    // The card itself (the reply envelope names its recipient, as every reply does).
    const raw = JSON.stringify(card);
    for (const secret of ['Leaflets', 'mosque', 'Near the market', 'community-member', 'Olu Officer', '07700']) expect(raw, secret).not.to.include(secret);
    const refused = await postActivity(bot.url, messageActivity('tensions', { from: stranger }));
    expect(refused.activities[0]?.text).to.include('for forum partners');
  });
});

describe('Teams: intelligence reviewers', function () {
  let bot: RunningBot;
  let connector: StandInConnector;
  const reviewer = teamsUser('Rita Reviewer');
  const reporter = teamsUser('Olu Officer');
  const other = teamsUser('Mo Member');

  before(async () => {
    bot = await startRunningBot();
    connector = await startStandInConnector();
    await registerTeamsPerson(bot.store, reviewer, ['intel-reviewer'], 'south-yorkshire-police');
    await registerTeamsPerson(bot.store, reporter, ['member'], 'voluntary-action-rotherham');
    await registerTeamsPerson(bot.store, other, ['member'], 'rmbc');
    // The reviewer has written to the bot 1:1 before: that chat is how alerts reach them.
    await postActivity(bot.url, messageActivity('whoami', { from: reviewer, serviceUrl: connector.url }));
  });
  after(async () => {
    await bot.stop();
    await connector.close();
    removeTempDirs();
  });

  it('alerts the reviewers privately at once for a level 3 report, naming it but never quoting it', async () => {
    const answer = await postActivity(bot.url, cardActionActivity('intel.submit', formData({ tensionLevel: '3' }), { from: reporter }));
    expect(cardText(invokeResult(answer).value)).to.include('I alerted 1 of 1 intelligence reviewer privately.');
    const id = bot.store.all('intelReports')[0]?.id ?? '';
    const deadline = Date.now() + 5000;
    while (!connector.calls.some((c) => c.method === 'POST' && JSON.stringify(c.body).includes(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const alert = connector.calls.find((c) => c.method === 'POST' && JSON.stringify(c.body).includes(id));
    expect(alert, 'an alert sent into the reviewer\'s 1:1 chat').to.not.equal(undefined);
    expect(alert?.path).to.include(`/v3/conversations/${encodeURIComponent(`a:personal-${reviewer.aadObjectId}`)}/activities`);
    expect(JSON.stringify(alert?.body)).to.include('tension level 3');
    for (const secret of ['Leaflets', 'mosque', 'Near the market']) expect(JSON.stringify(alert?.body), secret).not.to.include(secret);
  });

  it('lets a reviewer read a report (audited) and refuses another member without revealing it exists', async () => {
    const id = bot.store.all('intelReports')[0]?.id ?? '';
    const read = await postActivity(bot.url, messageActivity(`intel ${id}`, { from: reviewer }));
    expect(cardText(cardOf(read.activities[0]))).to.include(SECRET_TEXT);
    const refused = await postActivity(bot.url, messageActivity(`intel ${id}`, { from: other }));
    expect(refused.activities[0]?.text).to.include('that you can read');
    expect(JSON.stringify(refused.body)).not.to.include(SECRET_TEXT);
    const missing = await postActivity(bot.url, messageActivity('intel INT-20990101-9', { from: other }));
    expect(String(missing.activities[0]?.text), 'missing and forbidden answer alike').to.equal(String(refused.activities[0]?.text).replace(id, 'INT-20990101-9'));
    const audit = readFileSync(path.join(bot.dataDir, 'audit.jsonl'), 'utf8');
    expect(audit).to.include('"action":"intel.read"');
    expect(audit).not.to.include(SECRET_TEXT);
    const inChannel = await postActivity(bot.url, mentionActivity(`intel ${id}`, { from: reviewer }));
    expect(inChannel.activities[0]?.text).to.include('only shown in our 1:1 chat');
  });

  it('lets a reviewer mark a report reviewed with a note, refuses others and stale forms', async () => {
    const report = bot.store.all('intelReports')[0];
    const id = report?.id ?? '';
    const version = report?.version ?? 0;
    const detail = cardOf((await postActivity(bot.url, messageActivity(`intel ${id}`, { from: reviewer }))).activities[0]);
    const save = cardButtons(detail).find((b) => b.verb === 'intel.review');
    expect(save?.data).to.deep.equal({ id, version });

    const refused = await postActivity(bot.url, cardActionActivity('intel.review', { id, version, status: 'closed', note: 'no' }, { from: other }));
    expect(String(invokeResult(refused).value)).to.include('Only intelligence reviewers');
    const noNote = await postActivity(bot.url, cardActionActivity('intel.review', { id, version, status: 'reviewed', note: '' }, { from: reviewer }));
    expect(cardText(invokeResult(noNote).value)).to.include('Add a note');
    expect(bot.store.get('intelReports', id)?.status).to.equal('new');

    const saved = await postActivity(bot.url, cardActionActivity('intel.review', { id, version, status: 'reviewed', note: 'Passed to the neighbourhood team' }, { from: reviewer }));
    expect(cardText(invokeResult(saved).value)).to.include('Saved: marked reviewed by Rita Reviewer');
    expect(bot.store.get('intelReports', id)).to.deep.include({ status: 'reviewed', version: version + 1 });
    const stale = await postActivity(bot.url, cardActionActivity('intel.review', { id, version, status: 'closed', note: 'Closing' }, { from: reviewer }));
    expect(cardText(invokeResult(stale).value)).to.include('save again');
    expect(bot.store.get('intelReports', id)?.status).to.equal('reviewed');
  });

  it('lets a reviewer correct the text (e.g. remove a phone number), keeping the original in the history; refuses others', async () => {
    const report = bot.store.all('intelReports')[0];
    const id = report?.id ?? '';
    const detail = cardOf((await postActivity(bot.url, messageActivity(`intel ${id}`, { from: reviewer }))).activities[0]);
    const correct = cardButtons(detail).find((b) => b.title === 'Correct the text');
    expect(correct?.data).to.deep.equal({ id });
    const refused = await postActivity(bot.url, cardActionActivity('intel.amend', { id }, { from: other }));
    expect(String(invokeResult(refused).value)).to.include('Only intelligence reviewers');

    const opened = await postActivity(bot.url, cardActionActivity('intel.amend', { id }, { from: reviewer }));
    const form = invokeResult(opened).value;
    expect(cardText(form)).to.include('Correct the text: remove names');
    expect(JSON.stringify(form), 'the text to correct is in the inputs').to.include('"id":"description"').and.include(SECRET_TEXT);
    const save = cardButtons(form).find((b) => b.verb === 'intel.review');
    const version = bot.store.get('intelReports', id)?.version ?? 0;
    const corrected = 'Leaflets for a march were handed out near a place of worship on Saturday';
    const saved = await postActivity(bot.url, cardActionActivity('intel.review', { ...save?.data, status: 'actioned', note: 'Removed the place name', description: corrected, location: '', actionsTaken: '' }, { from: reviewer }));
    expect(cardText(invokeResult(saved).value)).to.include('2 fields corrected');
    const after = bot.store.get('intelReports', id);
    expect(after).to.deep.include({ description: corrected, status: 'actioned', version: version + 1 });
    expect(after?.location, 'an emptied location is removed').to.equal(undefined);
    expect(after?.amendments.map((a) => [a.field, a.previous])).to.deep.equal([['description', SECRET_TEXT], ['location', 'Near the market']]);
    const audit = readFileSync(path.join(bot.dataDir, 'audit.jsonl'), 'utf8');
    expect(audit).to.include('"amendedFields":["description","location"]');
    expect(audit, 'the audit names fields, never their text').not.to.include(corrected);
  });

  it('sends the form to the person\'s 1:1 chat when asked in a channel, saying only that', async () => {
    const from = connector.calls.length;
    const inChannel = await postActivity(bot.url, mentionActivity('log intel', { from: reviewer, serviceUrl: connector.url }));
    expect(inChannel.activities[0]?.text).to.equal('Rita Reviewer, I have sent you a private message.');
    const sent = connector.calls.slice(from).find((c) => c.method === 'POST' && c.path.includes(encodeURIComponent(`a:personal-${reviewer.aadObjectId}`)));
    expect(cardText(sent?.body)).to.include('Log community intelligence');
  });

  it('gives a reviewer a one-time, audited CSV download link, and nobody else', async () => {
    const refused = await postActivity(bot.url, messageActivity('intel export', { from: other }));
    expect(refused.activities[0]?.text).to.include('Only intelligence reviewers');
    const answer = await postActivity(bot.url, messageActivity('intel export', { from: reviewer }));
    const link = /\((http:\/\/127\.0\.0\.1:\d+\/downloads\/[A-Za-z0-9_-]{43})\)/.exec(String(answer.activities[0]?.text))?.[1];
    expect(link, String(answer.activities[0]?.text)).to.be.a('string');
    const file = await fetch(String(link));
    expect(file.status).to.equal(200);
    expect(file.headers.get('content-type')).to.include('text/csv');
    expect(file.headers.get('content-disposition')).to.include('attachment');
    expect(await file.text()).to.include(SECRET_TEXT);
    expect((await fetch(String(link))).status, 'the link works once').to.equal(404);
    expect((await fetch(`${bot.url}/downloads/${'x'.repeat(43)}`)).status).to.equal(404);
    expect(readFileSync(path.join(bot.dataDir, 'audit.jsonl'), 'utf8')).to.include('"action":"intel.export"');
    const backwards = await postActivity(bot.url, messageActivity('intel export 2026-05-01 2026-01-01', { from: reviewer }));
    expect(backwards.activities[0]?.text).to.include('The period must start on or before its end').and.include('intel export 2026-01-01 2026-03-31');
  });

  it('shows reviewers the queue of new reports, without descriptions', async () => {
    await postActivity(bot.url, cardActionActivity('intel.submit', formData({ description: 'A second report about a rumour online', category: 'rumour-or-misinformation' }), { from: reporter }));
    const queue = await postActivity(bot.url, messageActivity('intel', { from: reviewer }));
    const shown = cardText(cardOf(queue.activities[0]));
    expect(shown).to.include('New reports to review').and.include('1 new report');
    expect(shown).not.to.include(SECRET_TEXT);
    for (const secret of [SECRET_TEXT, 'Near the market', 'Passed to the neighbourhood team']) expect(bot.logText(), `logs never hold "${secret}"`).not.to.include(secret);
  });
});
