// A stand-in for the Bot Connector service on loopback: records every call the bot makes to its
// serviceUrl (send, reply, update) and answers as the real service does, or as a test tells it to:
// a conversation the bot was removed from (403), throttling (429 with Retry-After), or a post it
// receives and never answers (to stop the bot in the middle of a send).
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  authorization?: string;
  /** What the stand-in answered (200 unless told otherwise); undefined while a held call is unanswered. */
  status?: number;
  /** The body it answered with (a sent activity's `{ id }`). */
  answer?: unknown;
}

export interface StandInConnector {
  url: string;
  calls: ConnectorCall[];
  /** From now on, answers requests whose path contains `fragment` with this status (e.g. 403: bot removed). */
  failFor(fragment: string, status: number): void;
  /** The next `times` requests whose path contains `fragment` are answered 429 with `Retry-After: seconds`. */
  throttleNext(fragment: string, retryAfterSeconds: number, times?: number): void;
  /** From now on, every `n`th request (counting from this call) is answered 429 with `Retry-After: seconds`; n = 0 stops it. */
  throttleEvery(n: number, retryAfterSeconds: number): void;
  /** The next request whose path contains `fragment` is recorded and never answered; resolves when it arrives. */
  holdNext(fragment: string): Promise<ConnectorCall>;
  /** A team the connector knows: GET /v3/teams/{id} gives its name, GET .../conversations its channels (General has no name, as in Teams). */
  addTeam(team: { id: string; name: string; channels: { id: string; name?: string }[] }): void;
  /** The members GET /v3/conversations/{id}/pagedmembers lists for a conversation (TeamsPagedMembersResult). */
  setMembers(conversationId: string, members: { id: string; name: string; aadObjectId: string }[]): void;
  /**
   * One member as GET /v3/conversations/{id}/members/{userId} answers ("Get single member details",
   * msteams-docs get-teams-context.md): a TeamsChannelAccount with the member's own `tenantId` and
   * `userRole`. Answered for any conversation.
   */
  setMember(member: { id: string; name: string; aadObjectId: string; tenantId: string; userRole: string }): void;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const ERRORS: Record<number, { code: string; message: string }> = {
  429: { code: 'Throttled', message: 'Too many requests; retry after the time given.' },
};
const REMOVED = { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' };

export async function startStandInConnector(): Promise<StandInConnector> {
  const calls: ConnectorCall[] = [];
  const failures = new Map<string, number>();
  const throttles = new Map<string, { seconds: number; times: number }>();
  const holds = new Map<string, (call: ConnectorCall) => void>();
  let every: { n: number; seconds: number; seen: number } | undefined;
  const teams = new Map<string, { id: string; name: string; channels: { id: string; name?: string }[] }>();
  const members = new Map<string, { id: string; name: string; aadObjectId: string }[]>();
  const single = new Map<string, { id: string; name: string; aadObjectId: string; tenantId: string; userRole: string }>();
  /** Teams' answers to GET /v3/teams/{id} (TeamDetails) and /v3/teams/{id}/conversations (ConversationList). */
  const teamAnswer = (method: string, path: string): unknown => {
    const match = method === 'GET' ? /\/v3\/teams\/([^/?]+)(\/conversations)?/.exec(path) : null;
    const team = match?.[1] ? teams.get(decodeURIComponent(match[1])) : undefined;
    if (!match || !team) return undefined;
    return match[2] ? { conversations: team.channels.map((c) => ({ id: c.id, ...(c.name ? { name: c.name } : {}) })) } : { id: team.id, name: team.name, aadGroupId: '00000000-0000-4000-8000-00000000a0a0' };
  };
  let counter = 0;
  const takeFirst = <V>(map: Map<string, V>, path: string): V | undefined => {
    const entry = [...map].find(([fragment]) => path.includes(fragment));
    if (entry) map.delete(entry[0]);
    return entry?.[1];
  };
  const throttled = (path: string): number | undefined => {
    const entry = [...throttles].find(([fragment]) => path.includes(fragment));
    if (!entry) return undefined;
    if (entry[1].times <= 1) throttles.delete(entry[0]);
    else entry[1].times -= 1;
    return entry[1].seconds;
  };
  const server: Server = createServer((req, res) => {
    readJson(req)
      .then((body) => {
        const path = req.url ?? '';
        const call: ConnectorCall = { method: req.method ?? '', path, body, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) };
        calls.push(call);
        const hold = takeFirst(holds, path);
        if (hold) return hold(call);
        const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
          call.status = status;
          call.answer = json;
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(json));
        };
        const roster = call.method === 'GET' ? /\/v3\/conversations\/([^/?]+)\/pagedmembers/.exec(path) : null;
        const listed = roster?.[1] ? members.get(decodeURIComponent(roster[1])) : undefined;
        if (listed) return answer(200, { members: listed.map((m) => ({ ...m, userPrincipalName: `${m.name.toLowerCase().replace(/\s+/g, '.')}@rotherham.example`, tenantId: '72f988bf-0000-4000-8000-000000000001', userRole: 'user' })) });
        const one = call.method === 'GET' ? /\/v3\/conversations\/[^/?]+\/members\/([^/?]+)/.exec(path) : null;
        if (one?.[1]) {
          const member = single.get(decodeURIComponent(one[1]));
          return member ? answer(200, { id: member.id, name: member.name, objectId: member.aadObjectId, aadObjectId: member.aadObjectId, tenantId: member.tenantId, userRole: member.userRole }) : answer(404, { error: { code: 'MemberNotFoundInConversation', message: 'The member is not in the conversation.' } });
        }
        const known = teamAnswer(call.method, path);
        if (known) return answer(200, known);
        const failure = [...failures].find(([fragment]) => path.includes(fragment));
        if (failure) return answer(failure[1], { error: ERRORS[failure[1]] ?? REMOVED });
        if (every) every.seen += 1;
        const retryAfter = throttled(path) ?? (every && every.seen % every.n === 0 ? every.seconds : undefined);
        if (retryAfter !== undefined) return answer(429, { error: ERRORS[429] }, { 'retry-after': String(retryAfter) });
        counter += 1;
        answer(200, { id: `sent-${counter}` });
      })
      .catch(() => {
        res.writeHead(400);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    failFor: (fragment, status) => void failures.set(fragment, status),
    throttleNext: (fragment, seconds, times = 1) => void throttles.set(fragment, { seconds, times }),
    throttleEvery: (n, seconds) => void (every = n > 0 ? { n, seconds, seen: 0 } : undefined),
    holdNext: (fragment) => new Promise((resolve) => holds.set(fragment, resolve)),
    addTeam: (team) => void teams.set(team.id, team),
    setMembers: (conversationId, list) => void members.set(conversationId, list),
    setMember: (member) => void single.set(member.id, member),
    close: () =>
      new Promise<void>((resolve) => {
        // A held call keeps its connection open; close it, or close() would wait for it for ever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
