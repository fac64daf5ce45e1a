// Teams sends an activity again when the bot took longer than 15 s to answer it (and sometimes
// twice more), with the same id: run again, a Save or a report would be saved twice. The ids of
// messages and card actions handled recently are remembered (bounded), and a repeat is answered
// at once without running the bot a second time. Ids are checked after the adapter's token check,
// so only Teams itself can mark one as seen.
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

export const REPEAT_WINDOW_MS = 10 * 60 * 1000;
const MAX_REMEMBERED = 5000;

export class RecentActivityIds {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True the first time a key is offered within the window; remembers it. */
  firstTime(key: string): boolean {
    const at = this.now();
    const earlier = this.seen.get(key);
    if (earlier !== undefined && at - earlier < REPEAT_WINDOW_MS) return false;
    this.seen.delete(key);
    this.seen.set(key, at);
    for (const [oldest, when] of this.seen) {
      if (this.seen.size <= MAX_REMEMBERED && at - when < REPEAT_WINDOW_MS) break;
      this.seen.delete(oldest);
    }
    return true;
  }
}

const DONE = 'This was already received and handled.';

export function repeatedDeliveryGuard(recent: RecentActivityIds, log: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const { type, id, conversation } = context.activity;
      const doesWork = type === ActivityTypes.Message || type === ActivityTypes.Invoke;
      if (!doesWork || !id || recent.firstTime(`${conversation?.id ?? ''}|${id}`)) return next();
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
