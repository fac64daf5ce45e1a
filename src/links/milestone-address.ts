// A milestone's stable address on the bot's server, `<PUBLIC_URL>/m/<id>`: what people paste into
// Teams or Slack to share it (the app unfurls it into the milestone's card for members of allowed
// tenants and workspaces). Opened in a browser it shows no forum data at all, not even whether
// the milestone exists: it says where to open it.
import type { Server } from 'restify';

export const MILESTONE_PATH = '/m';
/** Milestone ids as the plan writes them (BSC-2.1-M1). */
const ID = /^[A-Za-z0-9][A-Za-z0-9.-]{0,39}$/;

export interface MilestoneAddresses {
  urlOf(id: string): string;
  /** The milestone id of a link to this server's `/m/<id>`, or undefined for any other link. */
  idOf(url: string): string | undefined;
  /** The host links are recognised on (for the manifests' link domains). */
  host(): string;
}

export function milestoneAddresses(base: () => string): MilestoneAddresses {
  const origin = () => new URL(base()).origin;
  return {
    urlOf: (id) => `${origin()}${MILESTONE_PATH}/${encodeURIComponent(id)}`,
    idOf(url) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return undefined;
      }
      if (parsed.host.toLowerCase() !== new URL(base()).host.toLowerCase()) return undefined;
      const match = /^\/m\/([^/]+)\/?$/.exec(parsed.pathname);
      const id = match?.[1] ? decodeURIComponent(match[1]) : undefined;
      return id && ID.test(id) ? id.toUpperCase() : undefined;
    },
    host: () => new URL(base()).host,
  };
}

const PAGE = `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>Stronger Communities Forum milestone</title>
<style>body{font-family:Arial,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#0b0c0c}h1{font-size:1.6rem}</style></head>
<body><main>
<h1>This is a link to a Stronger Communities Forum milestone</h1>
<p>Milestones of the forum's action plan are shown to forum partners in Microsoft Teams and Slack, not on this website.</p>
<p>Paste this link into a chat or channel where the Stronger Communities app is installed, and it shows the milestone's card. Or ask the app: type <code>milestone</code> and the milestone's id.</p>
<p>To report a crime, call South Yorkshire Police on 101, or 999 in an emergency.</p>
</main></body></html>
`;

/** GET /m/:id: the same page for any id, real or not. */
export function mountMilestoneAddress(server: Server): void {
  server.get(`${MILESTONE_PATH}/:id`, async (_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'public, max-age=3600');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.sendRaw(200, PAGE);
  });
}
