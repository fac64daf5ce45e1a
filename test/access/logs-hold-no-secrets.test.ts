// The log never holds what it must not: the free text of intelligence reports (description,
// location, actions taken, police reference, a reviewer's note, the identifiers the personal-data
// check found), the Teams app password, the Slack signing secret and bot token, the Bot Framework
// tokens that came with requests, or Slack's signatures and response URLs. Checked on the log as
// written (running-bot's logText()), at debug level (the most talkative), after a run on both
// platforms that logs, reads, reviews and fails to deliver intelligence, with Teams credentials
// configured (requests carry real signed tokens) and Slack's secrets in use.
//
// Teams requests without a valid token are refused when credentials are configured: that is
// test/teams/teams-access.test.ts ("Teams: access to /api/messages"), not repeated here.
import { expect } from 'chai';
import type { Role } from '../../src/domain/model.ts';
import { startupWritesDone } from '../helpers/fuzz.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { registerSlackPerson } from '../helpers/slack-people.ts';
import { BOT_TOKEN, dmChannelOf, dmEvent, eventBody, modalValues, postSlack, SIGNING_SECRET, slackEnv, slashCommand, slackUser, viewSubmission, type SlackUser } from '../helpers/slack-requests.ts';
import { startStandInSlackApi, type StandInSlackApi } from '../helpers/stand-in-slack-api.ts';
import { startStandInTokenIssuer, type StandInTokenIssuer } from '../helpers/stand-in-token-issuer.ts';
import { cardActionActivity, messageActivity, postActivity, TENANT, teamsUser, type Activity, type TeamsUser } from '../helpers/teams-activities.ts';
import { registerTeamsPerson } from '../helpers/forum-people.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const APP_ID = '00000000-1111-4222-8333-444444444444';
const APP_PASSWORD = 'teams-app-password-never-logged-7f3a';

/** Report text, each piece unique so any copy of it in the log is found. */
const SECRETS = {
  teamsDescription: 'Leaflets naming the Kestrel Street family were pushed through doors overnight',
  slackDescription: 'A crowd gathered outside the Marigold community centre after a video circulated',
  location: 'Near the Wren Lane bus shelter',
  actionsTaken: 'Spoke with the Heron Court residents association',
  policeReference: 'SYP-2026-Q7731',
  reviewNote: 'Passed to the Osprey neighbourhood team for a follow-up visit',
  phone: '07700 900123',
};

describe('Access: the log holds no intelligence text, tokens or secrets', function () {
  this.timeout(60_000);
  let bot: RunningBot;
  let api: StandInSlackApi;
  let issuer: StandInTokenIssuer;
  const tokens: string[] = [];
  const teamsMember = teamsUser('Tara Member');
  const teamsReviewer = teamsUser('Theo Reviewer');
  const slackMember = slackUser('Sol Member');
  const slackReviewer = slackUser('Sky Reviewer');

  /** A Teams request with a genuine channel token (kept, to look for it in the log). */
  async function teams(activity: Activity) {
    const token = issuer.token({ audience: APP_ID, serviceUrl: String(activity.serviceUrl) });
    tokens.push(token);
    const answer = await postActivity(bot.url, activity, { authorization: `Bearer ${token}` });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer;
  }

  async function slackDm(user: SlackUser, text: string): Promise<void> {
    const from = api.calls.length;
    await postSlack(bot.url, eventBody(dmEvent(user, text)));
    await api.waitFor('chat.postMessage', (c) => c.args.channel === dmChannelOf(user), { from });
  }

  const report = (description: string, extra: Record<string, string> = {}) => ({
    occurredDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), occurredTime: '21:10', areaId: 'E05012996', location: SECRETS.location, category: 'hate-incident', hateStrands: 'race', communitiesAffected: 'race',
    description, sourceType: 'community-member', sourceReliability: 'untested', informationConfidence: 'known-indirectly', tensionLevel: '2', tensionTrend: 'rising',
    reportedToPolice: 'true', policeReference: SECRETS.policeReference, actionsTaken: SECRETS.actionsTaken, handling: 'OFFICIAL', ...extra,
  });

  before(async () => {
    issuer = await startStandInTokenIssuer();
    api = await startStandInSlackApi();
    bot = await startRunningBot({
      ...slackEnv(api.url),
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_PASSWORD,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      BOT_OPENID_METADATA_URL: issuer.metadataUrl,
    });
    await startupWritesDone(bot.store);
    const people: [TeamsUser | SlackUser, Role][] = [[teamsMember, 'member'], [teamsReviewer, 'intel-reviewer'], [slackMember, 'member'], [slackReviewer, 'intel-reviewer']];
    for (const [user, role] of people) {
      if ('aadObjectId' in user) await registerTeamsPerson(bot.store, user, [role]);
      else await registerSlackPerson(bot.store, user, [role], 'rmbc', api);
    }
  });
  after(async () => {
    await bot.stop();
    await api.close();
    await issuer.close();
    removeTempDirs();
  });

  it('after intelligence is logged, checked, read, reviewed and alerted on both platforms, and a delivery fails', async () => {
    // Teams (replies in the response: a proactive Teams send would need Microsoft's login service).
    // First with a phone number: the personal-data check finds it and asks; then confirmed.
    const withPhone = report(`${SECRETS.teamsDescription}; call ${SECRETS.phone}`);
    const asked = await teams(cardActionActivity('intel.submit', withPhone, { from: teamsMember, expectReplies: true }));
    expect(JSON.stringify(asked.body)).to.include('This may identify someone');
    await teams(cardActionActivity('intel.submit', { ...withPhone, identifiersConfirmed: 'true' }, { from: teamsMember, expectReplies: true }));
    const teamsReport = bot.store.all('intelReports').at(-1);
    expect(teamsReport?.description).to.include(SECRETS.teamsDescription);

    // Slack: the reviewer's DM is known (alerts go there); the member logs a level-4 report in a
    // modal, which alerts the reviewer; the first alert fails to deliver (Slack refuses it).
    await slackDm(slackReviewer, 'whoami');
    const mark = api.calls.length;
    await postSlack(bot.url, slashCommand(slackMember, 'log intel', { responseUrl: api.responseUrl('log'), triggerId: 'trigger-log' }));
    const opened = await api.waitFor('views.open', (c) => c.args.trigger_id === 'trigger-log', { from: mark });
    api.failNext('chat.postMessage', 'channel_not_found');
    const view = Object(opened.args.view);
    const answers = { ...report(SECRETS.slackDescription, { tensionLevel: '4' }), hateStrands: ['race'], communitiesAffected: ['race'] };
    const submitted = await postSlack(bot.url, viewSubmission(slackMember, { id: String(Object(opened.response?.view).id), privateMetadata: String(view.private_metadata), values: modalValues(view, answers) }));
    expect(submitted.status).to.equal(200);
    const slackReport = await waitForReport(SECRETS.slackDescription);

    // Reviewers read and review both, each on their platform.
    const read = await teams(messageActivity(`intel ${slackReport.id}`, { from: teamsReviewer }));
    expect(JSON.stringify(read.activities)).to.include(SECRETS.slackDescription);
    await teams(cardActionActivity('intel.review', { id: slackReport.id, version: slackReport.version, status: 'reviewed', note: SECRETS.reviewNote }, { from: teamsReviewer, expectReplies: true }));
    await slackDm(slackReviewer, `intel ${teamsReport?.id ?? ''}`);
    await slackDm(slackReviewer, 'intel');

    const log = bot.logText();
    for (const happened of ['intelligence logged', 'reviewers alerted', 'a direct message could not be delivered', 'http request body']) expect(log, `the run did not log "${happened}"`).to.include(happened);
    const holding = (secret: string) => bot.logs.filter((line) => JSON.stringify(line).includes(secret)).map((line) => JSON.stringify(line).slice(0, 600));
    for (const [what, secret] of Object.entries(SECRETS)) expect(holding(secret), `the log holds the ${what}`).to.deep.equal([]);
    for (const [what, secret] of [['Teams app password', APP_PASSWORD], ['Slack signing secret', SIGNING_SECRET], ['Slack bot token', BOT_TOKEN]]) expect(log, `the log holds the ${what}`).not.to.include(secret);
    expect(log, 'the log holds a Slack token').not.to.match(/xox[abp]-/);
    for (const token of tokens) {
      expect(log, 'the log holds a Bot Framework token').not.to.include(token);
      expect(log, 'the log holds a token\'s signature').not.to.include(token.split('.')[2] ?? token);
    }
    expect(log, 'the log holds a Slack signature').not.to.match(/v0=[0-9a-f]{64}/);
    expect(log, 'the log holds a response URL').not.to.include(api.responseUrl('log'));
  });

  async function waitForReport(description: string) {
    for (let i = 0; i < 100; i += 1) {
      const found = bot.store.all('intelReports').find((r) => r.description === description);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the Slack report was not saved');
  }
});
