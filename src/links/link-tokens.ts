// The cryptography of links. A token is 256 bits, unpadded base64url (43 characters). The store
// keeps only HMAC-SHA256(token) under a key derived from the server secret, so neither the data
// folder nor a backup of it opens anything. A link that may be shown again (a meeting's calendar
// file) is derived from a random seed kept with it, under another derived key: the same link can
// be given again, and without the secret the seed is useless too.
import { createHmac, randomBytes } from 'node:crypto';
import type { AppSecret } from '../config/app-secret.ts';

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface LinkKeys {
  /** The store id of a token. */
  lookupId(token: string): string;
  /** The token a reissuable link's seed stands for. */
  tokenOfSeed(seed: string): string;
}

export function linkKeys(secret: AppSecret): LinkKeys {
  const lookup = secret.key('link-lookup');
  const reissue = secret.key('link-reissue');
  return {
    lookupId: (token) => createHmac('sha256', lookup).update(token, 'utf8').digest('base64url'),
    tokenOfSeed: (seed) => createHmac('sha256', reissue).update(seed, 'utf8').digest('base64url'),
  };
}

/** A new token (and, for a link that may be shown again, the seed it comes from). */
export function mintToken(keys: LinkKeys, reissuable: boolean): { token: string; seed?: string } {
  if (!reissuable) return { token: randomBytes(32).toString('base64url') };
  const seed = randomBytes(32).toString('base64url');
  return { token: keys.tokenOfSeed(seed), seed };
}
