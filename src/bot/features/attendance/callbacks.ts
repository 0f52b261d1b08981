// Callback data of the reminder button, which opens one occurrence's roster (sent by the reminders job).
export const OPEN_ROSTER = /^att:open:(\d+):(\d{4}-\d{2}-\d{2})$/;

export function openRosterData(activityId: number, date: string): string {
  return `att:open:${activityId}:${date}`;
}
