// Who may talk to the Teams endpoint: Bot Framework authentication when credentials are set, the
// tenant allow-list, and requests that are not activities at all.
import { expect } from 'chai';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { cardActionActivity, messageActivity, postActivity, invokeResult, TENANT } from '../helpers/teams-activities.ts';
import { startStandInTokenIssuer, type StandInTokenIssuer } from '../helpers/stand-in-token-issuer.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

const APP_ID = '00000000-1111-4222-8333-444444444444';
const OTHER_TENANT = '99999999-0000-4000-8000-000000000009';

describe('Teams: access to /api/messages', function () {
  after(() => removeTempDirs());

  describe('with Bot Framework credentials configured', function () {
    let bot: RunningBot;
    let issuer: StandInTokenIssuer;
    before(async () => {
      issuer = await startStandInTokenIssuer();
      bot = await startRunningBot({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'test-secret-not-real',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: TENANT,
        BOT_OPENID_METADATA_URL: issuer.metadataUrl,
      });
    });
    after(async () => {
      await bot.stop();
      await issuer.close();
    });

    it('accepts a request carrying a valid channel token', async () => {
      const activity = messageActivity('summary');
      const token = issuer.token({ audience: APP_ID, serviceUrl: String(activity.serviceUrl) });
      const answer = await postActivity(bot.url, activity, { authorization: `Bearer ${token}` });
      expect(answer.status).to.equal(200);
      expect(answer.activities).to.have.length(1);
    });

    it('refuses a forged token, one for another bot, and an expired one with 401, changing nothing', async () => {
      const lastSeq = bot.store.info().lastSeq;
      const activity = messageActivity('summary');
      const serviceUrl = String(activity.serviceUrl);
      const tokens = [
        issuer.forgedToken({ audience: APP_ID, serviceUrl }),
        issuer.token({ audience: '11111111-2222-4333-8444-555555555555', serviceUrl }),
        issuer.token({ audience: APP_ID, serviceUrl, expiresInSeconds: -3600 }),
      ];
      for (const token of tokens) {
        const answer = await postActivity(bot.url, activity, { authorization: `Bearer ${token}` });
        expect(answer.status).to.equal(401);
        expect(answer.activities).to.have.length(0);
      }
      expect(bot.store.info().lastSeq).to.equal(lastSeq);
    });

    it('refuses a request without a token with 401 and runs nothing', async () => {
      const peopleBefore = bot.store.count('people');
      const journalBefore = bot.store.info().lastSeq;
      const answer = await postActivity(bot.url, messageActivity('summary'));
      expect(answer.status).to.equal(401);
      expect(answer.activities).to.have.length(0);
      const wrongScheme = await postActivity(bot.url, messageActivity('summary'), { authorization: 'Basic dXNlcjpwYXNz' });
      expect(wrongScheme.status).to.equal(401);
      expect(bot.store.info().lastSeq).to.equal(journalBefore);
      expect(bot.store.count('people')).to.equal(peopleBefore);
      expect(bot.logText()).not.to.include('test-secret-not-real');
    });
  });

  describe('with a tenant allow-list', function () {
    let bot: RunningBot;
    before(async () => {
      bot = await startRunningBot({ ALLOWED_TENANTS: TENANT });
    });
    after(async () => bot.stop());

    it('answers an allowed tenant normally', async () => {
      const answer = await postActivity(bot.url, messageActivity('summary'));
      expect(answer.status).to.equal(200);
      expect(answer.activities[0]?.attachments).to.be.an('array');
    });

    it('gives another tenant a polite refusal and nothing else, for messages and card actions', async () => {
      const message = await postActivity(bot.url, messageActivity('milestones overdue', { tenantId: OTHER_TENANT }));
      expect(message.status).to.equal(200);
      expect(message.activities).to.have.length(1);
      expect(message.activities[0]?.text).to.include('not set up to use it');
      expect(message.activities[0]?.attachments).to.equal(undefined);

      const action = await postActivity(bot.url, cardActionActivity('summary.show', {}, { tenantId: OTHER_TENANT }));
      expect(action.status).to.equal(200);
      expect(String(invokeResult(action).value)).to.include('not set up to use it');
    });
  });

  describe('requests that are not activities', function () {
    let bot: RunningBot;
    before(async () => {
      bot = await startRunningBot();
    });
    after(async () => bot.stop());

    it('answers malformed JSON, a non-activity and an oversized body with 4xx, and keeps serving', async () => {
      expect((await postActivity(bot.url, '{"type": "message", ')).status).to.equal(400);
      expect((await postActivity(bot.url, '[1,2,3]')).status).to.equal(400);
      expect((await postActivity(bot.url, { hello: 'world' })).status).to.equal(400);
      const noRecipient = { ...messageActivity('help'), recipient: undefined };
      const missing = await postActivity(bot.url, noRecipient);
      expect(missing.status).to.equal(400);
      expect(JSON.stringify(missing.body)).to.include('recipient is missing');
      const unhandledInvoke = await postActivity(bot.url, { ...cardActionActivity('x', {}), name: 'composeExtension/selectItem' });
      expect(unhandledInvoke.status).to.equal(501);
      const huge = await postActivity(bot.url, messageActivity('x'.repeat(1024 * 1024)));
      expect(huge.status).to.equal(413);
      const after = await postActivity(bot.url, messageActivity('help'));
      expect(after.status).to.equal(200);
      expect(after.activities).to.have.length(1);
      expect(bot.logText()).not.to.include('"level":50');
    });
  });
});
