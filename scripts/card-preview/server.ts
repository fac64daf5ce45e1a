// The card preview's HTTP server (node:http, loopback only): the page, built afresh per request,
// and its four static files. The official renderer's browser bundle is served from node_modules,
// so the page needs nothing from the internet.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { previewPage } from './page.ts';
import { previewTemplates } from './preview-samples.ts';

export const DEFAULT_PORT = 3979;
export const LOOPBACK = '127.0.0.1';

const require = createRequire(import.meta.url);
const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

/** URL path -> file and content type. */
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/assets/adaptivecards.js': { file: require.resolve('adaptivecards/dist/adaptivecards.min.js'), type: 'text/javascript' },
  '/assets/adaptivecards.css': { file: require.resolve('adaptivecards/dist/adaptivecards.css'), type: 'text/css' },
  '/assets/preview.js': { file: path.join(ASSETS, 'preview.js'), type: 'text/javascript' },
  '/assets/preview.css': { file: path.join(ASSETS, 'preview.css'), type: 'text/css' },
};

const SECURITY_HEADERS = {
  // Scripts and styles from this server only (the renderer sets inline styles); no requests elsewhere.
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, ...SECURITY_HEADERS });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'text/plain', 'Only GET.');
    return;
  }
  const { pathname } = new URL(req.url ?? '/', `http://${LOOPBACK}`);
  if (pathname === '/') {
    send(res, 200, 'text/html', previewPage(previewTemplates()));
    return;
  }
  const asset = STATIC_FILES[pathname];
  if (asset) send(res, 200, asset.type, readFileSync(asset.file));
  else send(res, 404, 'text/plain', 'Not found.');
}

export interface CardPreviewServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the preview on 127.0.0.1 (port 0: any free port). */
export function startCardPreviewServer(port: number = DEFAULT_PORT): Promise<CardPreviewServer> {
  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      // A card that throws is reported on the page; this is the server itself failing.
      console.error('card preview: request failed', error);
      if (!res.headersSent) send(res, 500, 'text/plain', `The preview failed: ${error instanceof Error ? error.message : String(error)}`);
      else res.destroy();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://${LOOPBACK}:${bound}/`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
}
