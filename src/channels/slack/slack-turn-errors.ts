// What a person sees when a Slack turn fails outside the bot's own error handling, and the
// refusal for workspaces that are not on ALLOWED_SLACK_TEAMS.
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

export const TEAM_REFUSAL =
  "Sorry, this bot serves the partners of Rotherham's Stronger Communities Forum, and this Slack workspace is not set up to use it. If you are a forum partner, ask the forum coordinator to add it.";

const SORRY = 'Sorry, something went wrong on my side and nothing was changed.';

export function turnErrorHandler(log: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    log.error({ err: error, activity: context.activity.id, type: context.activity.type }, 'unhandled error in a Slack turn');
    if (context.activity.type === ActivityTypes.Message) await context.sendActivity(SORRY);
    if (context.activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: SORRY } } });
    }
  };
}
