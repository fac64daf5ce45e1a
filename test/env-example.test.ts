// .env.example names every variable the configuration reads, so an operator copying it sees them all.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';

describe('.env.example', () => {
  it('mentions every environment variable that src/config/config.ts reads (except test-only ones)', () => {
    const config = readFileSync('src/config/config.ts', 'utf8');
    const schema = config.slice(config.indexOf('const envSchema'), config.indexOf('export interface AppConfig'));
    const names = [...schema.matchAll(/^ {2}([A-Za-z_]+):/gm)].map((m) => m[1] ?? '').filter((n) => !['BOT_OPENID_METADATA_URL', 'SLACK_API_URL'].includes(n));
    expect(names.length, 'variables found in the schema').to.be.greaterThan(20);
    const example = readFileSync('.env.example', 'utf8');
    for (const name of names) expect(example, name).to.include(`${name}=`);
  });
});
