// The Slack Web API calls the channel makes, behind a narrow interface: post, post to one
// person, update, delete, open/update a modal, publish the Home tab, and answer a response_url.
// Everything goes to the configured API base URL (tests point it at a stand-in on loopback).
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Block, ModalView } from './card-rendering.ts';

export interface SlackMessageBody {
  text: string;
  blocks?: Block[];
}

/** What a response_url accepts (ephemeral replies to slash commands and clicks). */
export interface ResponseUrlBody extends SlackMessageBody {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

export type UnfurlPlace = { channel: string; ts: string } | { unfurlId: string; source: string };

export interface SlackWeb {
  postMessage(channel: string, body: SlackMessageBody, threadTs?: string): Promise<string | undefined>;
  postEphemeral(channel: string, user: string, body: SlackMessageBody, threadTs?: string): Promise<void>;
  update(channel: string, ts: string, body: SlackMessageBody): Promise<void>;
  delete(channel: string, ts: string): Promise<void>;
  openModal(triggerId: string, view: ModalView): Promise<string | undefined>;
  /** chat.unfurl: the links of a message (channel + ts) or of the composer (unfurl_id + source), each shown as its blocks, in one call. */
  unfurl(place: UnfurlPlace, unfurls: Record<string, { blocks: unknown[] }>): Promise<void>;
  updateModal(viewId: string, view: ModalView): Promise<void>;
  publishHome(user: string, view: HomeView): Promise<void>;
  respond(responseUrl: string, body: ResponseUrlBody): Promise<void>;
  userName(user: string): Promise<string | undefined>;
  /** Opens (or finds) the app's DM with a person (conversations.open, scope im:write); its channel id. */
  openDirectMessage(user: string): Promise<string>;
  /** auth.test: the workspace (and Enterprise Grid organisation) the bot token belongs to. */
  installedIn(): Promise<{ teamId: string; enterpriseId?: string }>;
}

const authTest = z.object({ team_id: z.string().min(1), enterprise_id: z.string().min(1).nullish() });

const userInfo = z.object({
  user: z.object({ name: z.string().optional(), real_name: z.string().optional(), profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional() }).optional() }).optional(),
});

const opened = z.object({ channel: z.object({ id: z.string().regex(/^D[A-Z0-9]+$/) }) });

const RESPONSE_URL_TIMEOUT_MS = 10_000;

export class SlackResponseUrlError extends Error {
  constructor(readonly status: number, readonly slackError?: string) {
    super(`response_url answered ${status}${slackError ? ` (${slackError})` : ''}`);
    this.name = 'SlackResponseUrlError';
  }
}

const responseUrlAnswer = z.object({ ok: z.literal(false), error: z.string().max(200).optional() });

/** Slack's refusal in a 200 answer (`{ ok: false, error }`), if that is what the body says. */
function refusalIn(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined; // Plain text ("ok"): accepted.
  }
  const refused = responseUrlAnswer.safeParse(parsed);
  return refused.success ? (refused.data.error ?? 'refused') : undefined;
}

/** A response_url the bot will not post to: not on Slack's own host (or the stand-in's, in tests). */
export class ForeignResponseUrlError extends Error {
  constructor(readonly origin: string) {
    super(`response_url is not on ${origin}`);
    this.name = 'ForeignResponseUrlError';
  }
}

/** `responseUrlOrigin`: the only scheme, host and port response_url answers are posted to. */
export function slackWeb(client: WebClient, logger: Logger, responseUrlOrigin: string): SlackWeb {
  const content = (body: SlackMessageBody) => ({ text: body.text, ...(body.blocks ? { blocks: body.blocks } : {}) });
  return {
    async postMessage(channel, body, threadTs) {
      const result = await client.chat.postMessage({ channel, ...content(body), ...(threadTs ? { thread_ts: threadTs } : {}) });
      return result.ts;
    },
    async postEphemeral(channel, user, body, threadTs) {
      await client.chat.postEphemeral({ channel, user, ...content(body), ...(threadTs ? { thread_ts: threadTs } : {}) });
    },
    async update(channel, ts, body) {
      await client.chat.update({ channel, ts, ...content(body) });
    },
    async delete(channel, ts) {
      await client.chat.delete({ channel, ts });
    },
    async openModal(triggerId, view) {
      const result = await client.views.open({ trigger_id: triggerId, view });
      return result.view?.id;
    },
    async unfurl(place, unfurls) {
      const where = 'unfurlId' in place ? { unfurl_id: place.unfurlId, source: place.source as 'composer' | 'conversations_history' } : { channel: place.channel, ts: place.ts };
      await client.chat.unfurl({ ...where, unfurls } as Parameters<WebClient['chat']['unfurl']>[0]);
    },
    async updateModal(viewId, view) {
      await client.views.update({ view_id: viewId, view });
    },
    async publishHome(user, view) {
      await client.views.publish({ user_id: user, view });
    },
    async respond(responseUrl, body) {
      if (!URL.canParse(responseUrl) || new URL(responseUrl).origin !== responseUrlOrigin) throw new ForeignResponseUrlError(responseUrlOrigin);
      const response = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
      });
      const answer = await response.text();
      if (!response.ok) throw new SlackResponseUrlError(response.status, answer.slice(0, 100) || undefined);
      const refused = refusalIn(answer);
      if (refused) throw new SlackResponseUrlError(response.status, refused);
    },
    async openDirectMessage(user) {
      const answer = opened.safeParse(await client.conversations.open({ users: user }));
      if (!answer.success) throw new Error('conversations.open did not answer with a DM channel');
      return answer.data.channel.id;
    },
    async installedIn() {
      const answer = authTest.parse(await client.auth.test());
      return { teamId: answer.team_id, ...(answer.enterprise_id ? { enterpriseId: answer.enterprise_id } : {}) };
    },
    async userName(user) {
      try {
        const parsed = userInfo.safeParse(await client.users.info({ user }));
        const u = parsed.success ? parsed.data.user : undefined;
        const name = u?.profile?.display_name?.trim() || u?.profile?.real_name?.trim() || u?.real_name?.trim() || u?.name?.trim();
        return name || undefined;
      } catch (error) {
        // A missing users:read scope or a deleted user: the turn goes on with the user id as the name.
        logger.warn({ err: error, user }, 'users.info failed');
        return undefined;
      }
    },
  };
}
