// Reminders set up over real HTTP, as people do it: a coordinator subscribes a Teams channel (by
// @mention) or a Slack channel (/forum), and makes a meeting with the meeting form; an admin
// opens a 1:1 chat with the bot, where reports of reminders that did not go out are sent.
import { expect } from 'chai';
import { postSlack, slashCommand, type SlackUser } from './slack-requests.ts';
import type { StandInSlackApi } from './stand-in-slack-api.ts';
import { cardActionActivity, mentionActivity, messageActivity, postActivity, type TeamsUser } from './teams-activities.ts';

export async function subscribeTeamsChannel(botUrl: string, coordinator: TeamsUser, conversationId: string, serviceUrl: string): Promise<void> {
  const answer = await postActivity(botUrl, mentionActivity('subscribe reminders', { from: coordinator, conversationId, serviceUrl }));
  expect(answer.activities[0]?.text, `subscribing ${conversationId}`).to.include('Subscribed');
}

export async function subscribeSlackChannel(botUrl: string, coordinator: SlackUser, channel: string, api: StandInSlackApi): Promise<void> {
  const from = api.calls.length;
  const answer = await postSlack(botUrl, slashCommand(coordinator, 'subscribe reminders', { responseUrl: api.responseUrl(channel), channel, channelName: channel.toLowerCase() }));
  expect(answer.status, `subscribing ${channel}`).to.equal(200);
  await api.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Subscribed'), { from });
}

/** Saves a new meeting through the meeting form (UK wall-clock date and times), as a coordinator does. */
export async function saveMeeting(botUrl: string, coordinator: TeamsUser, meeting: { title: string; date: string; startTime?: string }): Promise<void> {
  const data = { meetingId: '', version: 0, title: meeting.title, date: meeting.date, startTime: meeting.startTime ?? '14:00', endTime: '16:00', location: 'Town Hall', agenda: 'Welcome' };
  const answer = await postActivity(botUrl, cardActionActivity('meeting.save', data, { from: coordinator }));
  expect(answer.status, `saving ${meeting.title}`).to.equal(200);
}

/** The person writes to the bot 1:1 (through the stand-in connector), so the bot can reach them privately later. */
export async function openTeamsChat(botUrl: string, person: TeamsUser, serviceUrl: string): Promise<void> {
  await postActivity(botUrl, messageActivity('whoami', { from: person, serviceUrl }));
}
