/** Minutes are whole seconds internally; `…Minutes` values with decimals exist only for display. */
export const SECONDS_PER_MINUTE = 60;

export function minutesToSeconds(minutes: number): number {
  return minutes * SECONDS_PER_MINUTE;
}

/** Display value: seconds as minutes rounded to 2 decimals (integer arithmetic until the last step). */
export function secondsToDisplayMinutes(seconds: number): number {
  const hundredths = Math.round((Math.abs(seconds) * 100) / SECONDS_PER_MINUTE);
  const value = hundredths / 100;
  return seconds < 0 ? -value : value;
}
