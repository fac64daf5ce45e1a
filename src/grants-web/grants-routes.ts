// The public grants pages on the bot's own server (GET/POST /grants...). Every response carries
// no-referrer, no-store and a strict content security policy; every POST is rate-limited per
// address, size-limited, and must carry the CSRF token tied to the visitor's cookie. The answers
// reach the store only when the checked application is sent, in one transaction.
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { listAreas } from '../domain/areas.ts';
import { localDate } from '../domain/calendar.ts';
import { parseApplication, parseEligibility, type RawAnswers } from '../domain/grants/application-form.ts';
import { applicationByStatusLink, RoundClosedError, submitApplication } from '../domain/grants/grant-applications.ts';
import type { GrantApplication, GrantRound } from '../domain/grants/grant-records.ts';
import { nextReturnDue, RETURN_LIMITS, submitReturn } from '../domain/grants/grant-returns.ts';
import { openRoundOn } from '../domain/grants/grant-rounds.ts';
import type { FieldProblem } from '../domain/errors.ts';
import type { Repository } from '../store/repository.ts';
import { withRequestId } from '../server/http-server.ts';
import { applicationPage, checkPage, confirmationPage, eligibilityPage, notEligiblePage, problemPage, startPage } from './apply-pages.ts';
import { mountGrantAssets } from './grant-assets.ts';
import type { Html } from './html.ts';
import { accessibilityPage, privacyPage } from './info-pages.ts';
import { linkNotFoundPage, statusPage, type StatusView } from './status-pages.ts';
import { clientAddress, type TrustedProxies } from '../server/client-address.ts';
import { BodyTooLargeError, cookieValue, isSecretValue, newSecretValue, RateLimiter, readForm, type GrantKeys } from './web-guards.ts';

export interface GrantsWebOptions {
  store: Repository;
  keys: GrantKeys;
  trustedProxies: TrustedProxies;
  submissionsPerHour: number;
  /** The address applicants' browsers reach the bot at, for the status link. */
  publicUrl: () => string;
  now: () => Date;
  logger: Logger;
  /** Told of each new application once it is saved (the forum's announcement). */
  onSubmitted?: (application: GrantApplication, round: GrantRound) => Promise<void>;
}

const CSRF_COOKIE = 'grants_csrf';
/** Form posts per address in ten minutes: generous for a person, a brake for a script. */
const POSTS_PER_TEN_MINUTES = 120;

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const one = (raw: RawAnswers, name: string): string => {
  const v = raw[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};

export function mountGrantsWeb(server: Server, o: GrantsWebOptions): void {
  mountGrantAssets(server);
  const wards = listAreas().filter((a) => a.kind === 'ward');
  const wardIds = new Set(wards.map((w) => w.id));
  const posts = new RateLimiter('grants-posts', POSTS_PER_TEN_MINUTES, 10 * 60_000, o.store.counts);
  const submissions = new RateLimiter('grants-submissions', o.submissionsPerHour, 60 * 60_000, o.store.counts);
  const secureCookie = () => o.publicUrl().startsWith('https:');
  const openRound = () => openRoundOn(o.store, localDate(o.now()));
  const web = { actor: { name: 'applicant (web)' }, via: 'web' as const };

  function send(res: Response, status: number, body: Html, extra: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS, ...extra });
    res.end(body.value);
  }

  /** The visitor's CSRF cookie (made now if they have none) and the token their forms carry. */
  function csrfFor(req: Request): { token: string; setCookie?: Record<string, string> } {
    const existing = cookieValue(req, CSRF_COOKIE);
    if (isSecretValue(existing)) return { token: o.keys.csrfToken(existing) };
    const fresh = newSecretValue();
    return { token: o.keys.csrfToken(fresh), setCookie: { 'set-cookie': `${CSRF_COOKIE}=${fresh}; Path=/grants; HttpOnly; SameSite=Strict${secureCookie() ? '; Secure' : ''}` } };
  }

  const get = (path: string, handler: (req: Request, res: Response) => Promise<void>) => server.get(path, withRequestId(o.logger, handler));

  /** A form post: limited per address, size-limited, CSRF-checked; `handler` gets the parsed form. */
  const post = (path: string, handler: (req: Request, res: Response, form: RawAnswers, csrfToken: string, address: string) => Promise<void>) =>
    server.post(
      path,
      withRequestId(o.logger, async (req, res) => {
        const address = clientAddress(req, o.trustedProxies);
        if (!(await posts.take(address))) {
          o.logger.warn({ path: req.path().replace(/\/grants\/status\/[^/]+/, '/grants/status/[token]') }, 'grants form refused: too many posts from one address');
          send(res, 429, problemPage('Too many attempts', 'You have sent this form too many times in a short while. Wait 10 minutes, then try again. Nothing you sent was saved.'), { 'retry-after': '600' });
          return;
        }
        if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
          send(res, 415, problemPage('The form could not be read', 'Send the form from this website. Nothing was saved.'));
          return;
        }
        let form: RawAnswers;
        try {
          form = await readForm(req);
        } catch (error) {
          if (!(error instanceof BodyTooLargeError)) throw error;
          send(res, 413, problemPage('Your answers are too long', 'What you sent is longer than this form allows. Shorten your longest answers and try again. Nothing was saved.'));
          return;
        }
        const cookie = cookieValue(req, CSRF_COOKIE);
        if (!o.keys.csrfValid(cookie, form.csrf)) {
          o.logger.info('grants form refused: missing or wrong CSRF token');
          send(res, 403, problemPage('Your session has ended', 'For your security, we could not accept this form. Go back to the start and try again. Nothing was saved.'));
          return;
        }
        await handler(req, res, form, o.keys.csrfToken(cookie as string), address);
      }),
    );

  get('/grants', async (_req, res) => send(res, 200, startPage(openRound())));
  get('/grants/accessibility', async (_req, res) => send(res, 200, accessibilityPage()));
  get('/grants/privacy', async (_req, res) => send(res, 200, privacyPage()));

  get('/grants/apply', async (req, res) => {
    const round = openRound();
    if (!round) return send(res, 200, startPage(undefined));
    const csrf = csrfFor(req);
    send(res, 200, eligibilityPage(round, {}, [], csrf.token), csrf.setCookie);
  });

  post('/grants/apply/eligibility', async (_req, res, form, csrf) => {
    const round = openRound();
    if (!round) return send(res, 200, startPage(undefined));
    const eligibility = parseEligibility(form);
    if (eligibility.eligible) return send(res, 200, applicationPage(round, wards, form, [], csrf));
    if (eligibility.problems.length > 0) return send(res, 200, eligibilityPage(round, form, eligibility.problems, csrf));
    send(res, 200, notEligiblePage(round, eligibility.reasons));
  });

  /** The application form again with what is wrong, or the eligibility questions if those were lost. */
  function checked(res: Response, round: GrantRound, form: RawAnswers, csrf: string): { ok: true; draft: Parameters<typeof submitApplication>[2]['draft'] } | { ok: false } {
    const eligibility = parseEligibility(form);
    if (!eligibility.eligible) {
      send(res, 200, eligibility.problems.length > 0 ? eligibilityPage(round, form, eligibility.problems, csrf) : notEligiblePage(round, eligibility.reasons));
      return { ok: false };
    }
    const parsed = parseApplication(form, round, wardIds);
    if (!parsed.ok) {
      send(res, 200, applicationPage(round, wards, form, parsed.problems, csrf));
      return { ok: false };
    }
    return parsed;
  }

  post('/grants/apply/details', async (_req, res, form, csrf) => {
    const round = openRound();
    if (!round) return send(res, 200, startPage(undefined));
    if (one(form, 'website') !== '') return spamTrap(res);
    if (one(form, 'change') === 'yes') return send(res, 200, applicationPage(round, wards, form, [], csrf));
    if (!checked(res, round, form, csrf).ok) return;
    send(res, 200, checkPage(round, wards, form, csrf, newSecretValue()));
  });

  function spamTrap(res: Response): void {
    o.logger.info('grants form refused: the spam trap was filled in');
    send(res, 400, problemPage('We could not accept this form', 'Something about this form looked automated, so it was not saved. If you are a person, go back to the start and try again.'));
  }

  post('/grants/apply/submit', async (_req, res, form, csrf, address) => {
    if (!(await submissions.take(address))) {
      o.logger.warn('grants application refused: too many from one address');
      return send(res, 429, problemPage('Too many applications', 'Too many applications have been sent from your internet connection in the last hour. Try again in an hour. This one was not saved.'), { 'retry-after': '3600' });
    }
    const round = openRound();
    if (!round) return send(res, 200, startPage(undefined));
    if (one(form, 'website') !== '') return spamTrap(res);
    const submission = one(form, 'submission');
    if (!isSecretValue(submission)) return send(res, 400, problemPage('We could not accept this form', 'The form was not complete. Go back to the start and try again. Nothing was saved.'));
    const parsed = checked(res, round, form, csrf);
    if (!parsed.ok) return;
    const token = o.keys.statusTokenOf(submission);
    const statusLinkId = o.keys.statusLinkId(token);
    let result;
    try {
      result = await submitApplication(o.store, web, { draft: parsed.draft, statusLinkId, submissionKey: o.keys.submissionKey(submission) });
    } catch (error) {
      if (error instanceof RoundClosedError) return send(res, 200, startPage(undefined));
      throw error;
    }
    if (!result.repeated && o.onSubmitted) {
      // Planned before the page is sent (a local write); one that fails is logged, is planned again
      // within the hour, and the application stands.
      await o.onSubmitted(result.application, result.round).catch((error: unknown) => o.logger.error({ err: error, reference: result.application.id }, 'grant application announcement failed'));
    }
    const statusUrl = result.application.statusLink.id === statusLinkId ? `${o.publicUrl().replace(/\/$/, '')}/grants/status/${token}` : undefined;
    send(res, 200, confirmationPage(result.round, result.application.id, statusUrl, result.repeated));
  });

  function statusView(application: GrantApplication): StatusView | undefined {
    const round = o.store.get('grantRounds', application.roundId);
    if (!round) return undefined;
    const decision = o.store.get('grantDecisions', application.id);
    const returns = o.store.all('grantReturns').filter((r) => r.applicationId === application.id);
    const nextReturn = decision?.outcome === 'award' ? nextReturnDue(o.store, application.id) : undefined;
    return { round, application, ...(decision ? { decision } : {}), payments: o.store.all('grantPayments').filter((p) => p.applicationId === application.id), returns, ...(nextReturn ? { nextReturn } : {}) };
  }

  const statusOf = (token: unknown): StatusView | undefined => {
    if (!isSecretValue(token)) return undefined;
    const application = applicationByStatusLink(o.store, o.keys.statusLinkId(token), o.now());
    return application ? statusView(application) : undefined;
  };

  get('/grants/status/:token', async (req, res) => {
    const view = statusOf(req.params.token);
    if (!view) return send(res, 404, linkNotFoundPage());
    const csrf = csrfFor(req);
    send(res, 200, statusPage(view, csrf.token, `/grants/status/${String(req.params.token)}/return`, {}, [], req.query?.sent === '1' ? 'Your monitoring return was sent' : undefined), csrf.setCookie);
  });

  post('/grants/status/:token/return', async (req, res, form, csrf) => {
    const token = String(req.params.token);
    const view = statusOf(token);
    if (!view) return send(res, 404, linkNotFoundPage());
    const raw = { whatWasDone: one(form, 'whatWasDone'), peopleReached: one(form, 'peopleReached'), moneySpent: one(form, 'moneySpent').replace(/^£/, '').replace(/,/g, '') };
    const problems: FieldProblem[] = [];
    if (raw.whatWasDone === '') problems.push({ field: 'whatWasDone', message: 'Say what the project has done so far' });
    else if (raw.whatWasDone.length > RETURN_LIMITS.whatWasDone) problems.push({ field: 'whatWasDone', message: 'What the project has done must be 3,000 characters or fewer' });
    const whole = (name: 'peopleReached' | 'moneySpent', what: string) => {
      if (!/^\d{1,7}$/.test(raw[name]) || Number(raw[name]) > RETURN_LIMITS[name]) problems.push({ field: name, message: `Enter ${what} as a whole number, like 25` });
    };
    whole('peopleReached', 'how many people the project has reached');
    whole('moneySpent', 'how much has been spent, in pounds,');
    const path = `/grants/status/${token}/return`;
    if (!view.nextReturn) return send(res, 200, statusPage(view, csrf, path));
    if (problems.length > 0) return send(res, 200, statusPage(view, csrf, path, raw, problems));
    await submitReturn(o.store, { actor: { name: `applicant ${view.application.id} (web)` }, via: 'web' }, view.application.id, { whatWasDone: raw.whatWasDone, peopleReached: Number(raw.peopleReached), moneySpent: Number(raw.moneySpent) });
    // Post/redirect/get: reloading the page does not send the return twice.
    res.writeHead(303, { ...SECURITY_HEADERS, location: `/grants/status/${token}?sent=1` });
    res.end();
  });
}
