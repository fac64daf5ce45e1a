import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../src/config/config.ts';

const CWD = path.resolve('/srv/forum-bot');
const TENANT = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const AAD_USER = '11111111-2222-3333-4444-555555555555';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env, CWD);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}, but the configuration loaded`);
}

describe('config: loadConfig', () => {
  describe('defaults', () => {
    const config = loadConfig({}, CWD);

    it('listens on port 3978 on loopback', () => {
      expect(config.port).to.equal(3978);
      expect(config.host).to.equal('127.0.0.1');
    });

    it('keeps data in storage/data under the working directory and seeds from storage/seed', () => {
      expect(config.dataDir).to.equal(path.join(CWD, 'storage', 'data'));
      expect(config.seedFile).to.equal(path.join(CWD, 'storage', 'seed', 'action-plan.json'));
      expect(config.seedOnFirstStart).to.equal(true);
    });

    it('shows times in Europe/London, logs at info and keeps 14 backups', () => {
      expect(config.timeZone).to.equal('Europe/London');
      expect(config.logLevel).to.equal('info');
      expect(config.backupsKeep).to.equal(14);
    });

    it('runs in local mode without Microsoft or Slack settings, admins or allow-lists', () => {
      expect(config.microsoft).to.equal(undefined);
      expect(config.slack).to.equal(undefined);
      expect(config.admins).to.deep.equal([]);
      expect(config.allowedTenants).to.deep.equal([]);
      expect(config.allowedSlackTeams).to.deep.equal([]);
    });

    it('treats an empty PORT (as a blank line in .env gives) as the default', () => {
      expect(loadConfig({ PORT: '' }, CWD).port).to.equal(3978);
    });
  });

  describe('valid settings', () => {
    it('keeps an absolute DATA_DIR as it is and resolves a relative one against the working directory', () => {
      expect(loadConfig({ DATA_DIR: '/var/lib/forum' }, CWD).dataDir).to.equal(path.resolve('/var/lib/forum'));
      expect(loadConfig({ DATA_DIR: 'data' }, CWD).dataDir).to.equal(path.join(CWD, 'data'));
    });

    it('reads a single-tenant Microsoft app with password and tenant', () => {
      const config = loadConfig({ MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT }, CWD);
      expect(config.microsoft).to.deep.equal({ appId: 'app-id', appType: 'SingleTenant', appPassword: 'secret', tenantId: TENANT });
    });

    it('accepts a managed identity without a password', () => {
      const config = loadConfig({ MicrosoftAppId: 'app-id', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT }, CWD);
      expect(config.microsoft?.appType).to.equal('UserAssignedMSI');
      expect(config.microsoft?.appPassword).to.equal(undefined);
    });

    it('reads Slack over HTTP, and infers Socket Mode from an app token', () => {
      const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'sig', SLACK_API_URL: 'http://127.0.0.1:9/api/' }, CWD);
      expect(http.slack).to.deep.equal({ mode: 'http', botToken: 'xoxb-1', signingSecret: 'sig', apiUrl: 'http://127.0.0.1:9/api/', responseUrlOrigin: 'https://hooks.slack.com' });
      const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, CWD);
      expect(socket.slack?.mode).to.equal('socket');
    });

    it('posts response_url answers only to Slack\'s own host unless told another (a stand-in in tests)', () => {
      const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'sig' };
      expect(loadConfig(slack, CWD).slack?.responseUrlOrigin).to.equal('https://hooks.slack.com');
      expect(loadConfig({ ...slack, SLACK_RESPONSE_URL_ORIGIN: 'http://127.0.0.1:4000' }, CWD).slack?.responseUrlOrigin).to.equal('http://127.0.0.1:4000');
    });

    it('reads APP_SECRET, and leaves it unset (generated into the data folder) by default', () => {
      expect(loadConfig({}, CWD).appSecret).to.equal(undefined);
      expect(loadConfig({ APP_SECRET: 'k'.repeat(32) }, CWD).appSecret).to.equal('k'.repeat(32));
    });

    it('splits ADMINS and the allow-lists on commas and ignores blanks and spaces', () => {
      const config = loadConfig(
        { ADMINS: ` teams:${AAD_USER}, slack:T01ABC:U02DEF ,`, ALLOWED_TENANTS: TENANT, ALLOWED_SLACK_TEAMS: 'T01ABC,E0ENT' },
        CWD,
      );
      expect(config.admins).to.deep.equal([`teams:${AAD_USER}`, 'slack:T01ABC:U02DEF']);
      expect(config.allowedTenants).to.deep.equal([TENANT]);
      expect(config.allowedSlackTeams).to.deep.equal(['T01ABC', 'E0ENT']);
    });

    it('reads yes/no style flags', () => {
      expect(loadConfig({ SEED_ON_FIRST_START: 'no' }, CWD).seedOnFirstStart).to.equal(false);
      expect(loadConfig({ SEED_ON_FIRST_START: '1' }, CWD).seedOnFirstStart).to.equal(true);
    });
  });

  describe('invalid settings are refused with the variable and what it expects', () => {
    const cases: { env: NodeJS.ProcessEnv; variable: string; expects: string }[] = [
      { env: { PORT: 'abc' }, variable: 'PORT', expects: 'whole number from 1 to 65535' },
      { env: { PORT: '70000' }, variable: 'PORT', expects: 'whole number from 1 to 65535' },
      { env: { PORT: '0' }, variable: 'PORT', expects: 'whole number from 1 to 65535' },
      { env: { PORT: '39.5' }, variable: 'PORT', expects: 'whole number' },
      { env: { HOST: '' }, variable: 'HOST', expects: 'host name or IP address' },
      { env: { HOST: 'http://localhost' }, variable: 'HOST', expects: 'host name or IP address' },
      { env: { DATA_DIR: '' }, variable: 'DATA_DIR', expects: 'folder path' },
      { env: { SEED_FILE: '' }, variable: 'SEED_FILE', expects: 'file path' },
      { env: { LOG_LEVEL: 'loud' }, variable: 'LOG_LEVEL', expects: '"info"' },
      { env: { TIME_ZONE: 'Mars/Olympus' }, variable: 'TIME_ZONE', expects: 'IANA time zone' },
      { env: { BACKUPS_KEEP: '0' }, variable: 'BACKUPS_KEEP', expects: 'whole number from 1 to 3650' },
      { env: { SEED_ON_FIRST_START: 'maybe' }, variable: 'SEED_ON_FIRST_START', expects: 'true or false' },
      { env: { MicrosoftAppId: 'app-id', MicrosoftAppTenantId: TENANT }, variable: 'MicrosoftAppPassword', expects: 'client secret' },
      { env: { MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'secret' }, variable: 'MicrosoftAppTenantId', expects: 'tenant id' },
      { env: { MicrosoftAppPassword: 'secret' }, variable: 'MicrosoftAppId', expects: 'required when MicrosoftAppPassword' },
      { env: { MicrosoftAppId: 'app-id', MicrosoftAppType: 'Personal' }, variable: 'MicrosoftAppType', expects: '"MultiTenant"' },
      { env: { SLACK_MODE: 'socket', SLACK_BOT_TOKEN: 'xoxb-1' }, variable: 'SLACK_APP_TOKEN', expects: 'xapp-' },
      { env: { SLACK_MODE: 'http', SLACK_BOT_TOKEN: 'xoxb-1' }, variable: 'SLACK_SIGNING_SECRET', expects: 'required when SLACK_MODE is http' },
      { env: { SLACK_MODE: 'webhook' }, variable: 'SLACK_MODE', expects: '"socket"' },
      { env: { SLACK_SIGNING_SECRET: 'sig' }, variable: 'SLACK_BOT_TOKEN', expects: 'xoxb-' },
      { env: { SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 'sig' }, variable: 'SLACK_BOT_TOKEN', expects: 'starting xoxb-' },
      { env: { SLACK_API_URL: 'slack dot com' }, variable: 'SLACK_API_URL', expects: 'URL' },
      { env: { SLACK_RESPONSE_URL_ORIGIN: 'hooks.slack.com' }, variable: 'SLACK_RESPONSE_URL_ORIGIN', expects: 'https://hooks.slack.com' },
      { env: { SLACK_RESPONSE_URL_ORIGIN: 'https://hooks.slack.com/commands/' }, variable: 'SLACK_RESPONSE_URL_ORIGIN', expects: 'only a scheme and host' },
      { env: { APP_SECRET: 'too-short' }, variable: 'APP_SECRET', expects: 'at least 32 characters' },
      { env: { ADMINS: `teams:${AAD_USER},slack:U02DEF` }, variable: 'ADMINS', expects: 'slack:<team id>:<user id>' },
      { env: { ALLOWED_TENANTS: 'contoso.onmicrosoft.com' }, variable: 'ALLOWED_TENANTS', expects: 'tenant ids (GUIDs)' },
      { env: { ALLOWED_SLACK_TEAMS: 'my-workspace' }, variable: 'ALLOWED_SLACK_TEAMS', expects: 'Slack team ids' },
    ];
    for (const { env, variable, expects } of cases) {
      const given = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
      it(`refuses ${given}, naming ${variable} and saying it expects ${expects}`, () => {
        const error = configError(env);
        expect(error.code).to.equal('CONFIG_INVALID');
        const line = error.problems.find((p) => p.startsWith(`${variable}:`));
        expect(line, `a problem naming ${variable} in:\n${error.message}`).to.be.a('string');
        expect(line).to.include(expects);
      });
    }
  });

  it('reports every problem at once, not only the first', () => {
    const error = configError({ PORT: 'abc', LOG_LEVEL: 'loud', BACKUPS_KEEP: '0' });
    expect(error.problems.map((p) => p.split(':')[0])).to.have.members(['PORT', 'LOG_LEVEL', 'BACKUPS_KEEP']);
    expect(error.message).to.include('PORT').and.include('LOG_LEVEL').and.include('BACKUPS_KEEP');
  });

  it('repeats a wrong ordinary value, so the operator sees what was read', () => {
    expect(configError({ PORT: 'abc' }).message).to.include('(got "abc")');
  });

  it('never repeats the value of a secret, even a mistyped one', () => {
    const error = configError({ SLACK_BOT_TOKEN: 'xoxp-123-very-secret', SLACK_SIGNING_SECRET: 'sig' });
    expect(error.message).to.include('SLACK_BOT_TOKEN').and.not.include('very-secret');
    const short = configError({ APP_SECRET: 'short-but-secret' });
    expect(short.message).to.include('APP_SECRET').and.include('16 characters, not shown').and.not.include('short-but-secret');
  });

  it('reads reminder times and intelligence settings, with the forum defaults', () => {
    const defaults = loadConfig({}, CWD);
    expect(defaults.reminders).to.deep.equal({ daysBefore: [7, 1], at: '09:00', nudgeDaysBefore: 5 });
    expect(defaults.intelRetentionMonths).to.equal(12);
    expect(defaults.intelWardAlertThreshold).to.equal(5);
    const custom = loadConfig({ REMINDER_DAYS_BEFORE: '14, 7,1', REMINDER_TIME: '08:30', NUDGE_DAYS_BEFORE: '', PUBLIC_URL: 'https://forum-bot.example.org' }, CWD);
    expect(custom.reminders).to.deep.equal({ daysBefore: [14, 7, 1], at: '08:30' });
    expect(custom.publicUrl).to.equal('https://forum-bot.example.org');
  });

  it('refuses reminder and intelligence settings it cannot read, naming each', () => {
    const error = configError({ REMINDER_DAYS_BEFORE: 'weekly', REMINDER_TIME: '9am', NUDGE_DAYS_BEFORE: '-1', INTEL_RETENTION_MONTHS: '0', PUBLIC_URL: 'not a url' });
    for (const name of ['REMINDER_DAYS_BEFORE', 'REMINDER_TIME', 'NUDGE_DAYS_BEFORE', 'INTEL_RETENTION_MONTHS', 'PUBLIC_URL']) expect(error.message).to.include(name);
  });
});

describe('config: PostgreSQL (DATABASE_URL)', () => {
  const secret = 'a'.repeat(40);
  it('chooses the data folder without DATABASE_URL, and the database with it (forum "default" unless FORUM_ID)', () => {
    expect(loadConfig({}).database).to.equal(undefined);
    expect(loadConfig({ DATABASE_URL: 'postgres://bot:pw@db.example.org/forum', APP_SECRET: secret }).database).to.deep.equal({ url: 'postgres://bot:pw@db.example.org/forum', forumId: 'default' });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/forum', APP_SECRET: secret, FORUM_ID: 'rotherham' }).database?.forumId).to.equal('rotherham');
  });

  it('requires APP_SECRET with DATABASE_URL, and never repeats the address (it may hold a password)', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'postgres://bot:hunter2hunter2@db/forum' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ConfigError).message).to.match(/APP_SECRET: required when DATABASE_URL is set/);
    expect((error as ConfigError).message).not.to.contain('hunter2');
    try {
      loadConfig({ DATABASE_URL: 'mysql://bot:hunter2hunter2@db/forum', APP_SECRET: secret });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).message).to.match(/DATABASE_URL: expected a PostgreSQL address/);
    expect((error as ConfigError).message).not.to.contain('hunter2');
  });
});
