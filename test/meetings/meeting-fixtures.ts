// Fixture factories for meeting and scheduler tests: small valid records with overrides.
import type { Meeting, Subscription } from '../../src/domain/model.ts';

export const aMeeting = (o: Partial<Meeting> = {}): Meeting => ({
  id: 'MTG-1',
  title: 'Stronger Communities Forum',
  startsAt: '2026-03-31T09:00:00.000Z',
  location: 'Riverside House, Rotherham',
  agenda: ['Action plan review', 'Community intelligence picture'],
  status: 'scheduled',
  rsvps: [],
  version: 1,
  ...o,
});

export const aSubscription = (o: Partial<Subscription> = {}): Subscription => ({
  id: 'SUB-1',
  target: { platform: 'slack', teamId: 'T1', channelId: 'C1' },
  kinds: ['meeting-reminders'],
  createdBy: 'Coordinator',
  createdAt: '2026-01-05T10:00:00.000Z',
  ...o,
});
