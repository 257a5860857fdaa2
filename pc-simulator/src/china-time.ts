/** Calendar days as the vendor's people see them: Asia/Shanghai (UTC+8, no daylight saving). */
const OFFSET_MS = 8 * 3600_000;

/** `2026-03-01T15:59:59.000Z` → `2026-03-01` (the day in China). */
export function chinaDateOf(iso: string): string {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 10);
}

/** The first (`start`, 00:00:00) or last (`end`, 23:59:59) second of a China day, as a UTC ISO time. */
export function chinaDayBoundary(day: string, edge: 'start' | 'end'): string {
  return new Date(`${day}T${edge === 'start' ? '00:00:00' : '23:59:59'}+08:00`).toISOString();
}
