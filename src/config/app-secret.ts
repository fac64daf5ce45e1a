// The server secret: from APP_SECRET, or else generated once into the data folder (mode 0600) and
// read again at every start, so links and signed Slack forms outlive a restart. Each use gets its
// own key derived from it (HKDF-SHA256), so a key shown by one use reveals nothing of another.
// Several instances sharing one store must share one APP_SECRET: a generated file is per folder.
import { randomBytes, hkdfSync } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { ForumError } from '../domain/errors.ts';
import { DATA_FILE_MODE, writeFileDurably } from '../store/durable-file.ts';

export const SECRET_FILE = 'app-secret.key';

/** What each derived key is for; a new use adds a label here (never reuses one). */
export type KeyUse = 'link-lookup' | 'link-reissue' | 'slack-form-metadata' | 'grants-csrf' | 'grants-status-lookup' | 'grants-status-token' | 'grants-submission';

export interface AppSecret {
  /** 32 bytes for `use`, the same on every start with the same secret. */
  key(use: KeyUse): Buffer;
  /** Where the secret came from (for the start-up log line; never the secret itself). */
  source: 'APP_SECRET' | 'data folder' | 'generated';
}

/** 64 random bytes as unpadded base64url, on one line. */
const FILE_CONTENT = /^([A-Za-z0-9_-]{86})\n?$/;

export function appSecretFrom(material: string, source: AppSecret['source']): AppSecret {
  const keys = new Map<KeyUse, Buffer>();
  return {
    source,
    key(use) {
      let key = keys.get(use);
      if (!key) {
        key = Buffer.from(hkdfSync('sha256', Buffer.from(material, 'utf8'), 'scf-forum-bot', `scf-forum-bot ${use}`, 32));
        keys.set(use, key);
      }
      return key;
    },
  };
}

/**
 * The configured secret, else the one in `dataDir`, else a new one written there. A file that is
 * there but unreadable or not what this function writes stops the start (naming the file): a
 * silently replaced secret would break every link and open form without saying why.
 */
export async function loadAppSecret(configured: string | undefined, dataDir: string, logger: Logger): Promise<AppSecret> {
  if (configured) return appSecretFrom(configured, 'APP_SECRET');
  const file = path.join(dataDir, SECRET_FILE);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw damaged(file, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, error);
  }
  if (text === undefined) {
    const material = randomBytes(64).toString('base64url');
    await writeFileDurably(file, `${material}\n`);
    logger.info({ file }, 'generated the server secret (APP_SECRET is not set); keep the file with the data, never in version control');
    return appSecretFrom(material, 'generated');
  }
  const material = FILE_CONTENT.exec(text)?.[1];
  if (!material) throw damaged(file, 'it does not hold one line of 86 base64url characters as the bot writes it');
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & ~DATA_FILE_MODE) !== 0) logger.warn({ file, mode: mode.toString(8) }, 'the server secret file can be read by other users: make it mode 600');
  return appSecretFrom(material, 'data folder');
}

function damaged(file: string, problem: string, cause?: unknown): ForumError {
  return new ForumError(
    'SECRET_DAMAGED',
    `The server secret file ${file} cannot be used: ${problem}. It has not been changed. Restore it from where you keep the data folder's files, ` +
      'or set APP_SECRET; deleting it makes a new secret, and every download link and open Slack form made before stops working.',
    cause === undefined ? undefined : { cause },
  );
}
