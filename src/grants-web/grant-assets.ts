// govuk-frontend's compiled CSS, JavaScript, fonts and images, served from node_modules under
// /grants/assets. The stylesheet names its fonts at /assets/...; it is served with those paths
// moved under /grants/assets, so the bot's root holds nothing but its own endpoints.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Response, Server } from 'restify';
import { inProject } from '../project-root.ts';
import { ASSETS } from './layout.ts';

const DIST = inProject('node_modules', 'govuk-frontend', 'dist', 'govuk');

// Marks the page as having JavaScript (as GOV.UK's template does) and starts the components.
const INIT = `import { initAll } from './govuk-frontend.min.js';
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
`;

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.woff': 'font/woff', '.woff2': 'font/woff2', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };

interface Asset {
  body: Buffer;
  type: string;
}

function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const add = (name: string, body: Buffer) => assets.set(name, { body, type: TYPES[path.extname(name)] ?? 'application/octet-stream' });
  add('govuk-frontend.min.css', Buffer.from(readFileSync(path.join(DIST, 'govuk-frontend.min.css'), 'utf8').replaceAll('url(/assets/', `url(${ASSETS}/`).replace(/\/\*# sourceMappingURL=.*\*\//, '')));
  add('govuk-frontend.min.js', Buffer.from(readFileSync(path.join(DIST, 'govuk-frontend.min.js'), 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '')));
  add('init.js', Buffer.from(INIT));
  for (const folder of ['fonts', 'images']) {
    for (const file of readdirSync(path.join(DIST, 'assets', folder))) add(`${folder}/${file}`, readFileSync(path.join(DIST, 'assets', folder, file)));
  }
  return assets;
}

export function mountGrantAssets(server: Server): void {
  const assets = loadAssets();
  const serve = (name: string, res: Response) => {
    const asset = assets.get(name);
    if (!asset) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' });
    res.end(asset.body);
  };
  server.get(`${ASSETS}/:file`, async (req, res) => serve(String(req.params.file), res));
  server.get(`${ASSETS}/:folder/:file`, async (req, res) => serve(`${String(req.params.folder)}/${String(req.params.file)}`, res));
}
