// Durations as people say them: hours and minutes ("4 h 15′"), never decimal hours ("4,3 h") nor "255′".

/** "4 h 15′", "45′", "2 h"; with `signed`, a change: "+1 h 10′", "−30′" (zero is "0′"). */
export function formatDuration(minutes: number, options: { signed?: boolean } = {}): string {
  const total = Math.round(Math.abs(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  const parts = [hours > 0 ? `${hours} h` : "", rest > 0 || hours === 0 ? `${rest}′` : ""].filter(Boolean);
  const sign = options.signed && total > 0 ? (minutes < 0 ? "−" : "+") : "";
  return `${sign}${parts.join(" ")}`;
}
