// Teams activities as the benchmarks send them to /api/messages: a personal chat with one bench
// user, messages answered in the response (`expectReplies`) and card actions as Universal Action
// invokes. Each id is new, so the bot's repeated-delivery check never drops one.

export interface BenchUser {
  /** Prefix of activity and conversation ids, so two benchmarks' activities never share one. */
  idPrefix: string;
  name: string;
  aadObjectId: string;
}

export function teamsActivities(user: BenchUser) {
  let counter = 0;
  const activity = (type: 'message' | 'invoke', extra: Record<string, unknown>): string => {
    counter += 1;
    return JSON.stringify({
      type,
      id: `${user.idPrefix}-${counter}`,
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      deliveryMode: type === 'message' ? 'expectReplies' : undefined,
      from: { id: `29:${user.idPrefix}`, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: '28:bot' },
      conversation: { id: `${user.idPrefix}-conversation`, conversationType: 'personal', tenantId: 'bench-tenant' },
      ...extra,
    });
  };
  return {
    message: (text: string) => activity('message', { text }),
    invoke: (verb: string, data: Record<string, unknown>) => activity('invoke', { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } }),
  };
}
