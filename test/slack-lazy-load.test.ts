// Issue 15: a bot without Slack settings never loads the Slack libraries (Bolt, the Web API
// client: memory a Teams-only bot does not need); with them, it does. The real process entry,
// with a resolve hook recording every @slack/* package it loads.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { startBotProcess, stopAllBotProcesses } from './helpers/bot-process.ts';
import { slackEnv } from './helpers/slack-requests.ts';
import { startStandInSlackApi, type StandInSlackApi } from './helpers/stand-in-slack-api.ts';
import { makeTempDir, removeTempDirs } from './helpers/temp-dir.ts';

const HOOK = 'test/helpers/record-slack-imports.ts';

function loaded(file: string): string[] {
  return existsSync(file) ? [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))].sort() : [];
}

describe('Slack libraries load only when Slack is configured', function () {
  let api: StandInSlackApi | undefined;
  afterEach(async () => {
    await stopAllBotProcesses();
    await api?.close();
    api = undefined;
    removeTempDirs();
  });

  it('a Teams-only bot answers without loading any @slack package', async () => {
    const record = path.join(makeTempDir('scf-slack-imports-'), 'imports.txt');
    const bot = await startBotProcess({ RECORD_SLACK_IMPORTS: record }, { imports: [HOOK] });
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).to.equal(200);
    const slack = await fetch(`${bot.url}/slack/events`, { method: 'POST', body: '{}' });
    await slack.arrayBuffer();
    expect(slack.status, 'no Slack route').to.equal(404);
    expect(loaded(record)).to.deep.equal([]);
  });

  it('a bot with Slack settings loads Bolt', async () => {
    api = await startStandInSlackApi();
    const record = path.join(makeTempDir('scf-slack-imports-'), 'imports.txt');
    await startBotProcess({ ...slackEnv(api.url), RECORD_SLACK_IMPORTS: record }, { imports: [HOOK] });
    expect(loaded(record)).to.include('@slack/bolt');
  });
});
