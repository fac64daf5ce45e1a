// GET /downloads/:token: the one door every link opens. A wrong, expired, revoked or used link, or
// one whose subject no longer allows it, all get the same plain 404: no hint which, so the answer
// tells someone guessing nothing.
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { fileOf, type LinkFileDeps } from './link-files.ts';
import type { Links } from './links.ts';

export const DOWNLOADS_PATH = '/downloads';
const NOT_FOUND = 'This link does not work. Ask the bot for a new one.\n';

export function mountDownloads(server: Server, links: Links, deps: LinkFileDeps, logger: Logger): void {
  server.get(`${DOWNLOADS_PATH}/:token`, async (req, res) => {
    const token = String((req.params as Record<string, unknown>).token ?? '');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-content-type-options', 'nosniff');
    try {
      const link = await links.open(token);
      const file = link ? await fileOf(link, deps) : undefined;
      if (!file) {
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.sendRaw(404, NOT_FOUND);
        return;
      }
      res.setHeader('content-type', file.contentType);
      res.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
      res.sendRaw(200, file.body);
    } catch (error) {
      logger.error({ err: error }, 'a download failed');
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.sendRaw(500, 'The file could not be made. Nothing was changed; ask the bot again.\n');
    }
  });
}
