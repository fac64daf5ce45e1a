// A modal's private_metadata says where the form came from (the channel or response_url its answer
// goes back to) and what its submit sends. Slack hands it back in the view_submission, and a
// signed request is not proof that the metadata is ours: it is signed here with an HMAC (a key
// derived from the server secret for this use alone), bound to the person the form was opened
// for, and a submission whose metadata does not carry a valid signature is refused unread.
import { createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';
/** `v1.<43 base64url characters>.` before the metadata itself. */
const SEALED = /^v1\.([A-Za-z0-9_-]{43})\.(.*)$/s;

export interface FormSeal {
  /** What to wrap a form's metadata with, for the person it is opened for. */
  sealFor(user: string): (metadata: string) => string;
  /** The metadata, if this bot sealed it for `user` and nothing has changed since; undefined otherwise. */
  open(sealed: string, user: string): string | undefined;
}

export function formSeal(key: Buffer): FormSeal {
  const mac = (user: string, metadata: string) => createHmac('sha256', key).update(`${VERSION}\n${user}\n${metadata}`, 'utf8').digest();
  return {
    sealFor: (user) => (metadata) => `${VERSION}.${mac(user, metadata).toString('base64url')}.${metadata}`,
    open(sealed, user) {
      const match = SEALED.exec(sealed);
      if (!match?.[1] || match[2] === undefined) return undefined;
      const given = Buffer.from(match[1], 'base64url');
      const expected = mac(user, match[2]);
      return given.length === expected.length && timingSafeEqual(given, expected) ? match[2] : undefined;
    },
  };
}
