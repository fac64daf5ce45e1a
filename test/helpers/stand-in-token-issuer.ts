// A stand-in for Bot Framework's token issuer on loopback: publishes an OpenID configuration and
// signing keys (as login.botframework.com does) and signs channel tokens, so a test can prove
// that a genuine token is accepted and a forged one refused, without the internet.
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface StandInTokenIssuer {
  metadataUrl: string;
  /** A channel token as the Bot Connector would send it, signed with the published key. */
  token(claims: { audience: string; serviceUrl: string; expiresInSeconds?: number }): string;
  /** The same, signed with a key nobody published. */
  forgedToken(claims: { audience: string; serviceUrl: string }): string;
  close(): Promise<void>;
}

const ISSUER = 'https://api.botframework.com';
const b64url = (value: object | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

function sign(key: KeyObject, kid: string, payload: object): string {
  const head = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(head).sign(key);
  return `${head}.${b64url(signature)}`;
}

export async function startStandInTokenIssuer(): Promise<StandInTokenIssuer> {
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const unpublished = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  let base = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/keys') {
      res.end(JSON.stringify({ keys: [{ ...published.publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const claims = (c: { audience: string; serviceUrl: string; expiresInSeconds?: number }) => {
    const now = Math.floor(Date.now() / 1000);
    return { iss: ISSUER, aud: c.audience, serviceurl: c.serviceUrl, nbf: now - 60, iat: now - 60, exp: now + (c.expiresInSeconds ?? 600) };
  };
  return {
    metadataUrl: `${base}/.well-known/openidconfiguration`,
    token: (c) => sign(published.privateKey, kid, claims(c)),
    forgedToken: (c) => sign(unpublished.privateKey, kid, claims(c)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
