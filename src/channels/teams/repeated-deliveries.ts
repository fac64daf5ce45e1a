// Teams sends an activity again when the bot took longer than 15 s to answer it (and sometimes
// twice more), with the same id: run again, a Save or a report would be saved twice. The ids of
// messages and card actions handled recently are remembered (bounded, in the store's short-lived
// counts, so every instance on one database shares them), and a repeat is answered
// at once without running the bot a second time. Ids are checked after the adapter's token check,
// so only Teams itself can mark one as seen.
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { ShortLivedCounts } from '../../store/short-lived.ts';

export const REPEAT_WINDOW_MS = 10 * 60 * 1000;

/**
 * The activity ids seen within the window, in the store's short-lived counts: in memory with the
 * data folder, shared by every instance with PostgreSQL (a repeat landing on another instance is
 * recognised too).
 */
export class RecentActivityIds {
  constructor(
    private readonly counts: ShortLivedCounts,
    private readonly log: Logger,
  ) {}

  /** True the first time a key is offered within the window; remembers it. */
  async firstTime(key: string): Promise<boolean> {
    try {
      return (await this.counts.hit(`teams-activity:${key}`, REPEAT_WINDOW_MS)) === 1;
    } catch (error) {
      // The database is out of reach: the turn runs (any write it makes fails and says so).
      this.log.warn({ err: error }, 'could not check for a repeated delivery; handling the activity');
      return true;
    }
  }
}

const DONE = 'This was already received and handled.';

export function repeatedDeliveryGuard(recent: RecentActivityIds, log: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const { type, id, conversation } = context.activity;
      const doesWork = type === ActivityTypes.Message || type === ActivityTypes.Invoke;
      if (!doesWork || !id || (await recent.firstTime(`${conversation?.id ?? ''}|${id}`))) return next();
      log.info({ activity: id, type }, 'ignored a repeated delivery of an activity already handled');
      if (type === ActivityTypes.Invoke) {
        // A dialog takes its answers in its own shape (a TaskModuleResponse).
        const dialog = ['task/fetch', 'task/submit', 'composeExtension/fetchTask', 'composeExtension/submitAction'].includes(context.activity.name ?? '');
        const body = dialog ? { task: { type: 'message', value: DONE } } : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: DONE };
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
      }
    },
  };
}
