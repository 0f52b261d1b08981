// A case handed over between two sites of the deployment: how long the sending team keeps reading, and when an
// unaccepted handover goes to the programme's admins (one working day, like an unacknowledged alert).
import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns/addDays";
import { isWeekend } from "date-fns/isWeekend";

/** Days the sending site's team keeps read access to the person's records after the handover is accepted. */
export const HANDOVER_READ_DAYS = 30;

/** One working day after the request, same wall-clock time: a Friday's request is due on Monday. */
export function handoverEscalationDueAt(requestedAt: Date, timeZone: string): Date {
  let due = addDays(new TZDate(requestedAt.getTime(), timeZone), 1);
  while (isWeekend(due)) due = addDays(due, 1);
  return new Date(due.getTime());
}

/** Until when the sending team reads the records: HANDOVER_READ_DAYS after acceptance, same wall-clock time. */
export function handoverReadUntil(acceptedAt: Date, timeZone: string): Date {
  return new Date(addDays(new TZDate(acceptedAt.getTime(), timeZone), HANDOVER_READ_DAYS).getTime());
}
