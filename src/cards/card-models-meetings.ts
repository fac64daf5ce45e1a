// Card models for the meeting cards added after card-models.ts grew long: the calendar link and
// the confirmation asked before a meeting is cancelled.

/** A calendar file for one meeting, as a link to open (not text): answered to an older card's "Add to calendar". */
export interface MeetingCalendarCard {
  title: string;
  whenText: string;
  calendarUrl: string;
  /** How long the link works, and that it is the person's own. */
  linkText: string;
}

/** "Cancel this meeting?": what cancelling does, and the two ways out. */
export interface MeetingCancelConfirmCard {
  heading: string;
  meetingId: string;
  title: string;
  whenText: string;
  /** What happens when confirmed: reminders withdrawn, replies closed, later meetings of a series. */
  consequences: string[];
  confirmTitle: string;
  confirmVerb: 'meeting.cancel-confirmed' | 'meeting.cancel-series-confirmed';
}
