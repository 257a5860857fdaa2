/** Days of tickets the resolution rate looks at. */
export const RESOLUTION_WINDOW_DAYS = 30;

/** resolved ÷ created, rounded to 3 decimals; null when nothing was created (no rate, rather than 0 %). */
export function resolutionRate(resolved: number, created: number): number | null {
  if (created <= 0) return null;
  return Math.round((Math.min(resolved, created) / created) * 1000) / 1000;
}
