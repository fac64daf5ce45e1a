// The set-up the Slack milestone-link tests share: the app against the stand-in Slack API (the
// conformance harness: real signed requests to /slack/events), a member of the forum's workspace
// registered, and a milestone of the seed to link to or share.
import type { Milestone } from '../../src/domain/model.ts';
import { startConformance, type Conformance, type SlackPerson } from '../conformance/slack/harness.ts';

export async function startSlackWithMilestone(env: Record<string, string>, member: SlackPerson, pick: (m: Milestone) => boolean = () => true): Promise<{ slack: Conformance; milestoneId: string }> {
  const slack = await startConformance(env);
  await slack.register(member, ['member'], 'rmbc');
  const milestoneId = slack.bot.store.all('milestones').find(pick)?.id;
  if (!milestoneId) throw new Error('no milestone of the seed fits the test');
  return { slack, milestoneId };
}
