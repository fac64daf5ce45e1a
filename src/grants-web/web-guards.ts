// What stands between the public and the store: the caller's address (a forwarded one believed
// only from a trusted proxy), per-address limits, a size-limited form body, CSRF tokens tied to a
// cookie, and the keys of status links. Nothing here keeps a token: links are looked up by HMAC.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AppSecret } from '../config/app-secret.ts';
import type { RawAnswers } from '../domain/grants/application-form.ts';
import type { ShortLivedCounts } from '../store/short-lived.ts';

/**
 * At most `limit` events per address in each window. The counts are the store's short-lived counts:
 * in memory with the data folder, shared by every instance with PostgreSQL.
 */
export class RateLimiter {
  constructor(
    private readonly name: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly counts: ShortLivedCounts,
  ) {}

  /** Counts one event for `key`; false when the key is over its limit (the event should be refused). */
  async take(key: string): Promise<boolean> {
    return (await this.counts.hit(`${this.name}:${key}`, this.windowMs)) <= this.limit;
  }
}

export class BodyTooLargeError extends Error {}

/** The largest form body accepted: the longest application is well under 32 KB. */
export const MAX_FORM_BYTES = 64 * 1024;

/** Reads an urlencoded form body of at most `max` bytes; repeated names become lists. */
export async function readForm(req: IncomingMessage, max = MAX_FORM_BYTES): Promise<RawAnswers> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  const form: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
    const earlier = form[name];
    form[name] = earlier === undefined ? value : Array.isArray(earlier) ? [...earlier, value] : [earlier, value];
  }
  return form;
}

const B64URL_256 = /^[A-Za-z0-9_-]{43}$/;

export function newSecretValue(): string {
  return randomBytes(32).toString('base64url');
}

export interface GrantKeys {
  csrfToken(cookie: string): string;
  csrfValid(cookie: string | undefined, token: unknown): boolean;
  /** The store id of a status link's token. */
  statusLinkId(token: string): string;
  /** The status token a web submission gets: the same form sent twice shows the same link. */
  statusTokenOf(submissionId: string): string;
  submissionKey(submissionId: string): string;
}

export function grantKeys(secret: AppSecret): GrantKeys {
  const mac = (use: Parameters<AppSecret['key']>[0], text: string) => createHmac('sha256', secret.key(use)).update(text, 'utf8').digest('base64url');
  return {
    csrfToken: (cookie) => mac('grants-csrf', cookie),
    csrfValid(cookie, token) {
      if (!cookie || !B64URL_256.test(cookie) || typeof token !== 'string' || !B64URL_256.test(token)) return false;
      return timingSafeEqual(Buffer.from(mac('grants-csrf', cookie)), Buffer.from(token));
    },
    statusLinkId: (token) => mac('grants-status-lookup', token),
    statusTokenOf: (submissionId) => mac('grants-status-token', submissionId),
    submissionKey: (submissionId) => mac('grants-submission', submissionId),
  };
}

export const isSecretValue = (value: unknown): value is string => typeof value === 'string' && B64URL_256.test(value);

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
