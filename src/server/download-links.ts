// One-time download links for files the bot cannot send in a chat message (a reviewer's CSV export):
// a random token valid for ten minutes and one download, held in memory only. The link is shown
// in the person's 1:1 chat; whoever holds it gets the file once, so it is short-lived and single-use.
import { randomBytes } from 'node:crypto';
import type { Server } from 'restify';
import type { Logger } from 'pino';

export const DOWNLOAD_TTL_MS = 10 * 60 * 1000;
const MAX_PENDING = 1000;

export interface DownloadFile {
  fileName: string;
  contentType: string;
  body: string;
}

interface Pending {
  expiresAt: number;
  produce(): Promise<DownloadFile>;
}

export class DownloadLinks {
  private readonly pending = new Map<string, Pending>();

  /** `baseUrl` is read when a link is made: the public address people's browsers reach the bot at. */
  constructor(private readonly baseUrl: () => string, private readonly now: () => Date = () => new Date()) {}

  /** A link to a file made when it is first downloaded (so it holds the data of that moment). */
  create(produce: () => Promise<DownloadFile>): string {
    this.sweep();
    if (this.pending.size >= MAX_PENDING) throw new Error('too many download links pending');
    const token = randomBytes(32).toString('base64url');
    this.pending.set(token, { expiresAt: this.now().getTime() + DOWNLOAD_TTL_MS, produce });
    return `${this.baseUrl().replace(/\/$/, '')}/downloads/${token}`;
  }

  /** Takes the link (it works once); undefined if unknown or expired. */
  take(token: string): Pending | undefined {
    this.sweep();
    const found = this.pending.get(token);
    this.pending.delete(token);
    return found;
  }

  private sweep(): void {
    const now = this.now().getTime();
    for (const [token, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(token);
  }

  mount(server: Server, logger: Logger): void {
    server.get('/downloads/:token', async (req, res) => {
      const token = String((req.params as Record<string, unknown>).token ?? '');
      const entry = /^[A-Za-z0-9_-]{43}$/.test(token) ? this.take(token) : undefined;
      if (!entry) {
        res.send(404, { error: 'This download link has expired or was already used. Ask the bot for a new one.' });
        return;
      }
      try {
        const file = await entry.produce();
        res.setHeader('content-type', `${file.contentType}; charset=utf-8`);
        res.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
        res.setHeader('cache-control', 'no-store');
        res.sendRaw(200, file.body);
      } catch (error) {
        logger.error({ err: error }, 'a download failed');
        res.send(500, { error: 'The file could not be made. Nothing was changed; ask the bot again.' });
      }
    });
  }
}
