// TRUSTED_PROXIES (docs/configuration.md): which connections have their X-Forwarded-For believed,
// as addresses or CIDR ranges, checked at start. Over real HTTP on loopback against the whole app:
// the grants pages' per-address limit (GRANTS_SUBMISSIONS_PER_HOUR=1) counts the address the
// setting says is the client, and the log line of a refused Teams request names that address.
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { TrustedProxies } from '../../src/server/client-address.ts';
import { applyOverHttp, GrantsWebClient } from '../helpers/grants-web-client.ts';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { messageActivity, postActivity, TENANT } from '../helpers/teams-activities.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';

function configProblem(value: string): string {
  try {
    loadConfig({ TRUSTED_PROXIES: value });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('TRUSTED_PROXIES: when a forwarded client address is believed', function () {
  this.timeout(60_000);
  let bot: RunningBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });
  after(removeTempDirs);

  it('accepts addresses and CIDR ranges (IPv4 and IPv6); refuses anything else at start, naming the entry', () => {
    expect(loadConfig({}).trustedProxies, 'default: trust none').to.deep.equal([]);
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.4, 10.1.0.0/16,fd00:1::/64 ,::1' }).trustedProxies).to.deep.equal(['10.0.0.4', '10.1.0.0/16', 'fd00:1::/64', '::1']);
    expect(configProblem('proxy.example.org')).to.include('TRUSTED_PROXIES').and.include('proxy.example.org is not an IP address or CIDR range');
    expect(configProblem('10.0.0.0/33')).to.include('10.0.0.0/33: the prefix after / must be a whole number from 0 to 32');
    expect(configProblem('fd00::/129')).to.include('from 0 to 128');
    expect(configProblem('10.0.0.0/8/1')).to.include('is not an IP address or CIDR range');
    expect(configProblem('0.0.0.0/0')).to.include('would trust every address');
    expect(configProblem('::/0')).to.include('would trust every address');
  });

  it('matches addresses in a range, IPv4 seen over IPv6 as the same client, and nothing when empty', () => {
    const trusted = new TrustedProxies(['10.1.0.0/16', 'fd00:1::/64', '192.0.2.7']);
    expect(['10.1.2.3', '10.1.255.255', 'fd00:1::42', '192.0.2.7'].map((a) => trusted.has(a))).to.deep.equal([true, true, true, true]);
    expect(['10.2.0.1', 'fd00:2::1', '192.0.2.8', 'not an address'].map((a) => trusted.has(a))).to.deep.equal([false, false, false, false]);
    expect(new TrustedProxies([]).has('127.0.0.1')).to.equal(false);
  });

  const client = (url: string, forwarded: string) => new GrantsWebClient(url, { 'x-forwarded-for': forwarded });

  it('from a trusted range, each forwarded client has its own allowance; a chain is read back to the first untrusted address', async () => {
    bot = await startRunningBot({ GRANTS_SUBMISSIONS_PER_HOUR: '1', TRUSTED_PROXIES: '127.0.0.0/8' });
    expect((await applyOverHttp(client(bot.url, '203.0.113.10'))).page.status).to.equal(200);
    expect((await applyOverHttp(client(bot.url, '203.0.113.10'))).page.status, 'the same client again').to.equal(429);
    expect((await applyOverHttp(client(bot.url, '203.0.113.11'))).page.status, 'another client').to.equal(200);
    // The client claims to be 203.0.113.11 (leftmost); the proxy in our range (127.0.0.9) saw 198.51.100.5.
    expect((await applyOverHttp(client(bot.url, '203.0.113.11, 198.51.100.5, 127.0.0.9'))).page.status, 'a chain through a second trusted proxy').to.equal(200);
    expect((await applyOverHttp(client(bot.url, '203.0.113.99, 198.51.100.5'))).page.status, 'the same client behind a forged claim').to.equal(429);
  });

  it('from outside the trusted ranges (or with none set), X-Forwarded-For is ignored: forged headers share the caller\'s allowance', async () => {
    bot = await startRunningBot({ GRANTS_SUBMISSIONS_PER_HOUR: '1', TRUSTED_PROXIES: '10.0.0.0/8' });
    expect((await applyOverHttp(client(bot.url, '203.0.113.20'))).page.status).to.equal(200);
    expect((await applyOverHttp(client(bot.url, '203.0.113.21'))).page.status, 'another forged address, the same caller').to.equal(429);
    await bot.stop();
    bot = await startRunningBot({ GRANTS_SUBMISSIONS_PER_HOUR: '1' });
    expect((await applyOverHttp(client(bot.url, '203.0.113.30'))).page.status).to.equal(200);
    expect((await applyOverHttp(client(bot.url, '203.0.113.31'))).page.status).to.equal(429);
  });

  it('the log line of a refused Teams request names the forwarded client only when the proxy is trusted', async () => {
    const teams = { MicrosoftAppId: '00000000-1111-4222-8333-444444444444', MicrosoftAppPassword: 'test-secret-not-real', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT };
    const refusedIp = (running: RunningBot) => running.logs.filter((l) => l.msg === 'refused a request without a Bot Framework token').map((l) => l.ip);
    bot = await startRunningBot({ ...teams, TRUSTED_PROXIES: '127.0.0.1' });
    expect((await postActivity(bot.url, messageActivity('help'), { 'x-forwarded-for': '198.51.100.77' })).status).to.equal(401);
    expect(refusedIp(bot)).to.deep.equal(['198.51.100.77']);
    await bot.stop();
    bot = await startRunningBot(teams);
    expect((await postActivity(bot.url, messageActivity('help'), { 'x-forwarded-for': '198.51.100.77' })).status).to.equal(401);
    expect(refusedIp(bot)).to.deep.equal(['127.0.0.1']);
  });
});
