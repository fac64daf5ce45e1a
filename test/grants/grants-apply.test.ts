// Applying as a group through the public pages, over real HTTP on loopback against the whole app
// (local mode, so the seed opened the DEMO round): the happy path, every validation error, a form
// sent twice, a forged CSRF token, an oversized field and body, the spam trap, per-address limits
// (a forwarded address believed only from a trusted proxy), the status link (wrong, replaced or
// expired: one answer) and a monitoring return. The token never appears in the log.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { startRunningBot, type RunningBot } from '../helpers/running-bot.ts';
import { removeTempDirs } from '../helpers/temp-dir.ts';
import { applicationFields, applyOverHttp, ELIGIBLE, errorSummaryOf, GrantsWebClient, hiddenFieldsOf } from '../helpers/grants-web-client.ts';
import { replaceStatusLink } from '../../src/domain/grants/grant-applications.ts';
import { decideApplication } from '../../src/domain/grants/grant-decisions.ts';
import { recordPayment } from '../../src/domain/grants/grant-payments.ts';
import { addPerson, ctxOf } from './grant-fixtures.ts';

describe('grants: applying on the public pages (real HTTP)', () => {
  let bot: RunningBot;
  let clock: Date;
  let client: GrantsWebClient;

  beforeEach(async () => {
    clock = new Date('2026-12-01T10:00:00Z');
    bot = await startRunningBot({ GRANTS_SUBMISSIONS_PER_HOUR: '3', TRUSTED_PROXIES: '127.0.0.1' }, () => clock);
    client = new GrantsWebClient(bot.url);
  });
  afterEach(async () => {
    await bot.stop();
    removeTempDirs();
  });

  const details = async (overrides: Record<string, string | string[]> = {}) => {
    const start = await client.get('/grants/apply');
    const eligible = await client.post('/grants/apply/eligibility', [...hiddenFieldsOf(start.html, '/grants/apply/eligibility'), ...ELIGIBLE]);
    return client.post('/grants/apply/details', [...hiddenFieldsOf(eligible.html, '/grants/apply/details'), ...applicationFields(overrides)]);
  };

  it('the start page shows the DEMO round, with GOV.UK Frontend served from the bot, the generic header and no crown', async () => {
    const start = await client.get('/grants');
    expect(start.status).to.equal(200);
    expect(start.html).to.include('DEMO').and.include('govuk-generic-header').and.include('Start now').and.include('/grants/privacy');
    expect(start.html).not.to.include('govuk-header__logotype').and.not.to.include('GOV.UK</title>');
    expect(start.headers.get('referrer-policy')).to.equal('no-referrer');
    const css = await fetch(`${bot.url}/grants/assets/govuk-frontend.min.css`);
    const cssText = await css.text();
    expect(css.headers.get('content-type')).to.match(/^text\/css/);
    expect(cssText).to.include('url(/grants/assets/fonts/').and.not.include('url(/assets/');
    const font = await fetch(`${bot.url}/grants/assets/fonts/bold-b542beb274-v2.woff2`);
    expect([font.status, font.headers.get('content-type')]).to.deep.equal([200, 'font/woff2']);
    expect((await fetch(`${bot.url}/grants/assets/govuk-frontend.min.js`)).status).to.equal(200);
  });

  it('happy path: eligibility, application, check your answers, confirmation with a reference and a private link; saved once, contact details kept', async () => {
    const { page, reference, statusUrl } = await applyOverHttp(client);
    expect(page.status).to.equal(200);
    expect(reference).to.match(/^BSC-[A-Z0-9]{6}$/);
    expect(statusUrl).to.match(new RegExp(`^${bot.url}/grants/status/[A-Za-z0-9_-]{43}$`));
    const saved = bot.store.get('grantApplications', reference);
    expect(saved).to.deep.include({ roundId: 'ROUND-DEMO', amount: 750, status: 'submitted', via: 'web', wards: ['E05012996'], themes: ['bringing-together', 'civic-pride'] });
    expect(saved?.group).to.deep.equal({ name: 'Eastwood Friends & Neighbours', type: 'constituted-group', postcode: 'S65 1AA' });
    expect(saved?.contact).to.deep.equal({ name: 'Sam Applicant', email: 'sam.applicant@example.org', phone: '01709 123456' });
    expect(saved?.project.description).to.equal('A street party in the summer.\n\nOpen to every neighbour.');
    expect(JSON.stringify(saved)).not.to.include(statusUrl.split('/').pop());

    const status = await client.get(new URL(statusUrl).pathname);
    expect(status.status).to.equal(200);
    expect(status.html).to.include(reference).and.include('Being considered').and.include('Street party for everyone');
    expect(status.headers.get('referrer-policy')).to.equal('no-referrer');
    expect(bot.logText(), 'the token is never logged').not.to.include(statusUrl.split('/').pop());
    expect(bot.logText()).to.include('/grants/status/[token]');
  });

  it('every validation error is listed in the error summary and beside its field, and nothing is saved', async () => {
    const empty = await details({ groupName: '', groupType: '', groupPostcode: 'NOTAPC', contactName: '', contactEmail: 'not-an-email', contactPhone: 'call me', projectTitle: '', projectDescription: '', difference: '', wards: [], themes: [], amount: '' });
    expect(empty.html).to.include('<title>Error: ');
    expect(errorSummaryOf(empty.html)).to.deep.equal([
      'groupName: Enter the name of your group',
      'groupType: Select the kind of group you are',
      'groupPostcode: Enter a real postcode, like S60 1AE',
      'contactName: Enter your full name',
      'contactEmail: Enter an email address in the correct format, like name@example.com',
      'contactPhone: Enter a phone number, like 01709 123456 or +44 7700 900982',
      'projectTitle: Enter the name of the project',
      'projectDescription: Say what the project will do',
      'difference: Say what difference the project will make',
      'wards: Select at least one ward where the project will happen',
      'themes: Select at least one theme your project is about',
      'amount: Enter how much you are asking for',
    ]);
    expect(empty.html).to.include('<p id="groupName-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter the name of your group</p>');
    expect(empty.html).to.include('aria-describedby="contactEmail-hint contactEmail-error"');
    const wrong = await details({ amount: '1001', wards: ['E05999999'], themes: ['coordination'] });
    expect(errorSummaryOf(wrong.html)).to.deep.equal(['wards: Select wards from the list', 'themes: Select themes from the list', 'amount: The amount must be between £1 and £1,000']);
    const pence = await details({ amount: '750.50' });
    expect(errorSummaryOf(pence.html)).to.deep.equal(['amount: Enter the amount in whole pounds, like 750']);
    const unanswered = await client.post('/grants/apply/eligibility', [...hiddenFieldsOf((await client.get('/grants/apply')).html, '/grants/apply/eligibility'), ['inRotherham', 'yes']]);
    expect(errorSummaryOf(unanswered.html)).to.have.length(3);
    const notEligible = await client.post('/grants/apply/eligibility', [...hiddenFieldsOf((await client.get('/grants/apply')).html, '/grants/apply/eligibility'), ...ELIGIBLE.map(([k, v]): [string, string] => [k, k === 'notForProfit' ? 'no' : v])]);
    expect(notEligible.html).to.include('Your group cannot apply').and.include('not-for-profit');
    expect(bot.store.count('grantApplications')).to.equal(0);
  });

  it('an oversized field is refused with its limit; an oversized body is refused whole; neither saves anything', async () => {
    const long = await details({ projectDescription: 'x'.repeat(3001) });
    expect(errorSummaryOf(long.html)).to.deep.equal(['projectDescription: What will the project do? must be 3,000 characters or fewer']);
    const huge = await details({ difference: 'y'.repeat(70_000) });
    expect(huge.status).to.equal(413);
    expect(huge.html).to.include('Your answers are too long');
    expect(bot.store.count('grantApplications')).to.equal(0);
  });

  it('the same checked form sent twice makes one application, and the second answer says so with the same link', async () => {
    const eligible = await client.post('/grants/apply/eligibility', [...hiddenFieldsOf((await client.get('/grants/apply')).html, '/grants/apply/eligibility'), ...ELIGIBLE]);
    const check = await client.post('/grants/apply/details', [...hiddenFieldsOf(eligible.html, '/grants/apply/details'), ...applicationFields()]);
    const fields = [...hiddenFieldsOf(check.html, '/grants/apply/submit'), ['website', '']] as [string, string][];
    const [first, second] = await Promise.all([client.post('/grants/apply/submit', fields), client.post('/grants/apply/submit', fields)]);
    expect(bot.store.count('grantApplications')).to.equal(1);
    const ref = (html: string) => html.match(/<strong>(BSC-[A-Z0-9]{6})<\/strong>/)?.[1];
    expect(ref(first.html)).to.equal(ref(second.html)).and.to.match(/^BSC-/);
    expect([first.html, second.html].filter((h) => h.includes('it was not sent twice'))).to.have.length(1);
    const link = (html: string) => html.match(/href="(http[^"]*\/grants\/status\/[^"]+)"/)?.[1];
    expect(link(first.html)).to.equal(link(second.html)).and.to.be.a('string');
  });

  it('a forged or missing CSRF token is refused (403) and nothing is saved', async () => {
    const eligible = await client.post('/grants/apply/eligibility', [...hiddenFieldsOf((await client.get('/grants/apply')).html, '/grants/apply/eligibility'), ...ELIGIBLE]);
    const check = await client.post('/grants/apply/details', [...hiddenFieldsOf(eligible.html, '/grants/apply/details'), ...applicationFields()]);
    const fields = hiddenFieldsOf(check.html, '/grants/apply/submit').map(([k, v]): [string, string] => [k, k === 'csrf' ? randomBytes(32).toString('base64url') : v]);
    const forged = await client.post('/grants/apply/submit', fields);
    expect(forged.status).to.equal(403);
    const stranger = new GrantsWebClient(bot.url);
    const noCookie = await stranger.post('/grants/apply/submit', hiddenFieldsOf(check.html, '/grants/apply/submit'));
    expect(noCookie.status).to.equal(403);
    expect(bot.store.count('grantApplications')).to.equal(0);
  });

  it('the spam trap refuses a filled-in hidden field without saving', async () => {
    const eligible = await client.post('/grants/apply/eligibility', [...hiddenFieldsOf((await client.get('/grants/apply')).html, '/grants/apply/eligibility'), ...ELIGIBLE]);
    const check = await client.post('/grants/apply/details', [...hiddenFieldsOf(eligible.html, '/grants/apply/details'), ...applicationFields()]);
    const trapped = await client.post('/grants/apply/submit', [...hiddenFieldsOf(check.html, '/grants/apply/submit'), ['website', 'http://spam.example']]);
    expect(trapped.status).to.equal(400);
    expect(bot.store.count('grantApplications')).to.equal(0);
  });

  it('limits applications per address; behind the trusted proxy each forwarded address has its own allowance', async () => {
    // GRANTS_SUBMISSIONS_PER_HOUR=3; the test connects from 127.0.0.1, the configured trusted proxy.
    const viaProxy = (address: string) => new GrantsWebClient(bot.url, { 'x-forwarded-for': address });
    const alice = viaProxy('203.0.113.7');
    for (let i = 0; i < 3; i += 1) expect((await applyOverHttp(alice)).reference).to.match(/^BSC-/);
    const fourth = await applyOverHttp(alice);
    expect(fourth.page.status).to.equal(429);
    expect(fourth.reference).to.equal('');
    expect((await applyOverHttp(viaProxy('198.51.100.9'))).reference, 'another address behind the proxy').to.match(/^BSC-/);
    expect(bot.store.count('grantApplications')).to.equal(4);
  });

  it('the status link: a wrong, replaced or expired link gets the same answer as a missing one; a coordinator issues a new one', async () => {
    const { reference, statusUrl } = await applyOverHttp(client);
    const path = new URL(statusUrl).pathname;
    const missing = await client.get(`/grants/status/${randomBytes(32).toString('base64url')}`);
    const malformed = await client.get('/grants/status/nope');
    expect([missing.status, malformed.status]).to.deep.equal([404, 404]);
    expect(malformed.html).to.equal(missing.html);
    const coordinator = await addPerson(bot.store, 'P-COORD', ['coordinator']);
    await replaceStatusLink(bot.store, ctxOf(coordinator), coordinator.id, { applicationId: reference, statusLinkId: randomBytes(32).toString('base64url') });
    const replaced = await client.get(path);
    expect(replaced.status).to.equal(404);
    expect(replaced.html).to.equal(missing.html);
  });

  it('after an award and a payment the group sees them, and sends its monitoring return from the status page', async () => {
    const { reference, statusUrl } = await applyOverHttp(client);
    const path = new URL(statusUrl).pathname;
    const decider = await addPerson(bot.store, 'P-DEC', ['grants-decider']);
    await decideApplication(bot.store, ctxOf(decider), decider.id, { applicationId: reference, expectedVersion: 1, outcome: 'award', amounts: { council: 500, rtp: 250, external: 0 }, reason: 'A strong local project.' });
    await recordPayment(bot.store, ctxOf(decider), decider.id, { applicationId: reference, source: 'council', amount: 500, paidOn: '2026-12-03', financeReference: 'AP-55012' });
    const awarded = await client.get(path);
    expect(awarded.html).to.include('Awarded £750').and.include('A strong local project.').and.include('£500 on 3 December 2026').and.include('AP-55012').and.include('Monitoring return due 1 June 2027');
    const bad = await client.post(`${path}/return`, [...hiddenFieldsOf(awarded.html, `${path}/return`), ['whatWasDone', ''], ['peopleReached', 'lots'], ['moneySpent', '400']]);
    expect(errorSummaryOf(bad.html)).to.deep.equal(['whatWasDone: Say what the project has done so far', 'peopleReached: Enter how many people the project has reached as a whole number, like 25']);
    const sent = await client.post(`${path}/return`, [...hiddenFieldsOf(awarded.html, `${path}/return`), ['whatWasDone', 'Held the street party.'], ['peopleReached', '120'], ['moneySpent', '£400']]);
    expect(sent.status).to.equal(303);
    const after = await client.get(sent.headers.get('location') ?? '');
    expect(after.html).to.include('Your monitoring return was sent').and.include('120 people reached, £400 spent').and.include('Monitoring return due 1 December 2027');
    expect(bot.store.get('grantReturns', `${reference}-R1`)?.received).to.deep.include({ whatWasDone: 'Held the street party.', peopleReached: 120, moneySpent: 400 });

    clock = new Date('2028-12-02T10:00:00Z');
    const expired = await client.get(path);
    expect(expired.status, 'the link ends with the programme').to.equal(404);
  });

  it('without a trusted proxy a forwarded address is not believed: forged headers share the caller\'s allowance', async () => {
    await bot.stop();
    bot = await startRunningBot({ GRANTS_SUBMISSIONS_PER_HOUR: '2' }, () => clock);
    const forged = (address: string) => new GrantsWebClient(bot.url, { 'x-forwarded-for': address });
    expect((await applyOverHttp(forged('203.0.113.1'))).page.status).to.equal(200);
    expect((await applyOverHttp(forged('203.0.113.2'))).page.status).to.equal(200);
    expect((await applyOverHttp(forged('203.0.113.3'))).page.status).to.equal(429);
    expect(bot.store.count('grantApplications')).to.equal(2);
  });
});
