// The Teams channel: POST /api/messages on the restify server, handled by botbuilder's
// CloudAdapter. With no Microsoft credentials it serves local clients (Agents Playground, tests);
// with them, requests without a valid Bot Framework token are refused with 401 by the adapter.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import restify, { type Server } from 'restify';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.ts';
import type { ForumBot } from '../../bot/forum-bot.ts';
import { teamsChannelMiddleware } from './teams-turn-channel.ts';

/** Bot Framework activities are small; a card submit with long notes is well under this. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

function authentication(config: AppConfig): ConfigurationBotFrameworkAuthentication {
  const ms = config.microsoft;
  const options: ConfigurationBotFrameworkAuthenticationOptions = ms
    ? {
        MicrosoftAppId: ms.appId,
        MicrosoftAppType: ms.appType,
        ...(ms.appPassword ? { MicrosoftAppPassword: ms.appPassword } : {}),
        ...(ms.tenantId ? { MicrosoftAppTenantId: ms.tenantId } : {}),
      }
    : {};
  return new ConfigurationBotFrameworkAuthentication(options);
}

export function mountTeamsChannel(server: Server, config: AppConfig, bot: ForumBot, logger: Logger): CloudAdapter {
  const log = logger.child({ part: 'teams' });
  const adapter = new CloudAdapter(authentication(config));
  adapter.use(teamsChannelMiddleware(config.allowedTenants));
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activity: context.activity.id, type: context.activity.type }, 'unhandled error in a Teams turn');
    if (context.activity.type === 'message') {
      await context.sendActivity('Sorry, something went wrong on my side and nothing was changed.');
    }
  };

  server.post(
    '/api/messages',
    restify.plugins.bodyParser({ maxBodySize: MAX_ACTIVITY_BYTES, mapParams: false, rejectUnknown: true }),
    async (req, res) => {
      if (!req.body || typeof req.body !== 'object' || typeof (req.body as { type?: unknown }).type !== 'string') {
        res.send(400, { error: 'Expected a Bot Framework activity (a JSON object with a type).' });
        return;
      }
      await adapter.process(req, res, (context) => bot.run(context));
    },
  );
  return adapter;
}
