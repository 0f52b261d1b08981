// Callback data of the reminder button, which opens one occurrence's roster (sent by the reminders job).
// The id is positive and fits the database: other data is a forged button, answered as expired by the fallback.
export const OPEN_ROSTER = /^att:open:([1-9]\d{0,8}):(\d{4}-\d{2}-\d{2})$/;

export function openRosterData(activityId: number, date: string): string {
  return `att:open:${activityId}:${date}`;
}
