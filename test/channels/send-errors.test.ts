// How failed proactive sends are read, per platform: final (the bot was removed) or worth retrying.
import { expect } from 'chai';
import { ConversationGoneError } from '../../src/bot/direct-messages.ts';
import { classifySlackSendError } from '../../src/channels/slack/slack-send-errors.ts';
import { classifyTeamsSendError } from '../../src/channels/teams/teams-send-errors.ts';
import { RetryLaterError } from '../../src/scheduler/scheduler.ts';

const teamsError = (statusCode: number, retryAfter?: string) =>
  Object.assign(new Error(`status ${statusCode}`), { statusCode, response: { headers: new Headers(retryAfter ? { 'retry-after': retryAfter } : {}) } });

describe('failed proactive sends', () => {
  it('reads Teams 403/404 as the bot removed, and 429/412/502/504 as retry later (honouring Retry-After)', () => {
    expect(classifyTeamsSendError(teamsError(403))).to.be.instanceOf(ConversationGoneError);
    expect(classifyTeamsSendError(teamsError(404))).to.be.instanceOf(ConversationGoneError);
    const throttled = classifyTeamsSendError(teamsError(429, '7'));
    expect(throttled).to.be.instanceOf(RetryLaterError);
    expect(throttled instanceof RetryLaterError ? throttled.retryAfterMs : 0).to.equal(7000);
    for (const status of [412, 502, 504]) expect(classifyTeamsSendError(teamsError(status)), String(status)).to.be.instanceOf(RetryLaterError);
    const other = teamsError(500);
    expect(classifyTeamsSendError(other)).to.equal(other);
  });

  it('reads Slack channel_not_found, not_in_channel and archived channels as final, and nothing else', () => {
    for (const code of ['channel_not_found', 'not_in_channel', 'is_archived']) {
      expect(classifySlackSendError(Object.assign(new Error(code), { data: { ok: false, error: code } })), code).to.be.instanceOf(ConversationGoneError);
    }
    const limited = Object.assign(new Error('ratelimited'), { data: { ok: false, error: 'ratelimited' } });
    expect(classifySlackSendError(limited)).to.equal(limited);
  });
});
