const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The London calendar date (GMT or BST) of an ISO-8601 instant, as YYYY-MM-DD: the day a figure counts it under. */
export function londonDay(instant: string): string {
  return LONDON_DATE.format(new Date(instant));
}
