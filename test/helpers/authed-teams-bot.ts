// The app with Bot Framework authentication on, against the stand-in token issuer: every activity
// a test posts carries a channel token signed as the Bot Connector signs it, for this bot's app id
// and the activity's serviceUrl, so a test proves a journey works as Teams would drive it in
// production, not only in local mode. Replies come back in the response (expectReplies) and
// invoke answers in its body; the bot makes no call of its own to the Bot Connector here (that
// would need a token from Microsoft's login service).
import { startRunningBot, type RunningBot } from './running-bot.ts';
import { startStandInTokenIssuer, type StandInTokenIssuer } from './stand-in-token-issuer.ts';
import { postActivity, TENANT, type Activity, type BotAnswer } from './teams-activities.ts';

export const AUTHED_APP_ID = '00000000-1111-4222-8333-444444444444';

export interface AuthedTeamsBot {
  bot: RunningBot;
  issuer: StandInTokenIssuer;
  /** POSTs the activity to /api/messages with a valid channel token. */
  post(activity: Activity): Promise<BotAnswer>;
  stop(): Promise<void>;
}

export async function startAuthedTeamsBot(env: Record<string, string> = {}, now?: () => Date): Promise<AuthedTeamsBot> {
  const issuer = await startStandInTokenIssuer();
  const bot = await startRunningBot(
    {
      MicrosoftAppId: AUTHED_APP_ID,
      MicrosoftAppPassword: 'test-secret-not-real',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      BOT_OPENID_METADATA_URL: issuer.metadataUrl,
      ...env,
    },
    now,
  );
  return {
    bot,
    issuer,
    post: (activity) => postActivity(bot.url, activity, { authorization: `Bearer ${issuer.token({ audience: AUTHED_APP_ID, serviceUrl: String(activity.serviceUrl) })}` }),
    stop: async () => {
      await bot.stop();
      await issuer.close();
    },
  };
}
