// A browser-like client for the public grants pages over real HTTP: it keeps the CSRF cookie, reads
// the hidden fields of the form it was shown, and posts forms as a browser does (urlencoded,
// repeated names for checkboxes). No JavaScript: the pages must work without it.
export interface Page {
  status: number;
  html: string;
  headers: Headers;
}

export type Fields = [string, string][];

export class GrantsWebClient {
  cookie = '';
  constructor(readonly baseUrl: string, private readonly extraHeaders: Record<string, string> = {}) {}

  private remember(response: Response): void {
    const set = response.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0] ?? '';
  }

  async get(path: string): Promise<Page> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...this.extraHeaders }, redirect: 'manual' });
    this.remember(response);
    return { status: response.status, html: await response.text(), headers: response.headers };
  }

  async post(path: string, fields: Fields, headers: Record<string, string> = {}): Promise<Page> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(this.cookie ? { cookie: this.cookie } : {}), ...this.extraHeaders, ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    this.remember(response);
    return { status: response.status, html: await response.text(), headers: response.headers };
  }
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The hidden fields of the form posting to `action` on the page (as a browser would send them). */
export function hiddenFieldsOf(html: string, action: string): Fields {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action} on the page`);
  const form = html.slice(start, html.indexOf('</form>', start));
  return [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [decode(m[1] ?? ''), decode(m[2] ?? '')]);
}

/** The messages of the page's GOV.UK error summary. */
export function errorSummaryOf(html: string): string[] {
  const summary = html.match(/<ul class="govuk-list govuk-error-summary__list">(.*?)<\/ul>/s)?.[1] ?? '';
  return [...summary.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => `${m[1]}: ${decode(m[2] ?? '')}`);
}

export const ELIGIBLE: Fields = [['inRotherham', 'yes'], ['notForProfit', 'yes'], ['bankAccount', 'yes'], ['withinYear', 'yes']];

export function applicationFields(overrides: Record<string, string | string[]> = {}): Fields {
  const values: Record<string, string | string[]> = {
    groupName: 'Eastwood Friends & Neighbours',
    groupType: 'constituted-group',
    groupPostcode: 's65 1aa',
    contactName: 'Sam Applicant',
    contactEmail: 'sam.applicant@example.org',
    contactPhone: '01709 123456',
    projectTitle: 'Street party for everyone',
    projectDescription: 'A street party in the summer.\n\nOpen to every neighbour.',
    difference: 'Neighbours who have never met will meet.',
    wards: ['E05012996'],
    themes: ['bringing-together', 'civic-pride'],
    amount: '750',
    website: '',
    ...overrides,
  };
  return Object.entries(values).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v): [string, string] => [name, v]) : [[name, value] as [string, string]]));
}

/** Walks the whole journey to the confirmation page; returns it with the reference and status link. */
export async function applyOverHttp(client: GrantsWebClient, overrides: Record<string, string | string[]> = {}): Promise<{ page: Page; reference: string; statusUrl: string }> {
  const start = await client.get('/grants/apply');
  const eligible = await client.post('/grants/apply/eligibility', [...hiddenFieldsOf(start.html, '/grants/apply/eligibility'), ...ELIGIBLE]);
  const check = await client.post('/grants/apply/details', [...hiddenFieldsOf(eligible.html, '/grants/apply/details'), ...applicationFields(overrides)]);
  if (!check.html.includes('Check your answers')) throw new Error(`expected the check page, got errors: ${errorSummaryOf(check.html).join('; ')}`);
  const page = await client.post('/grants/apply/submit', [...hiddenFieldsOf(check.html, '/grants/apply/submit'), ['website', '']]);
  const reference = page.html.match(/<strong>(BSC-[A-Z0-9]{6})<\/strong>/)?.[1] ?? '';
  const statusUrl = page.html.match(/href="(http[^"]*\/grants\/status\/[^"]+)"/)?.[1] ?? '';
  return { page, reference, statusUrl };
}
