/**
 * How times and figures read on screen. Times travel as ISO-8601 (UTC) and are shown in Beijing time, the
 * business's day (as the functions count days), whatever the device's zone: China keeps +08:00 all year,
 * so a fixed shift is exact and needs no Intl time-zone data (which not every WeChat JS engine carries).
 */

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface ChinaTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** Days since 1970-01-01 in Beijing time: compares calendar days. */
  dayNumber: number;
}

function chinaTime(ms: number): ChinaTime {
  const shifted = new Date(ms + CHINA_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    dayNumber: Math.floor((ms + CHINA_OFFSET_MS) / DAY),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (t: ChinaTime) => `${pad(t.hour)}:${pad(t.minute)}`;

function parse(iso: string): number | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** A list's time, as WeChat writes it: 刚刚, 5分钟前, 14:20 (today), 昨天 14:20, 12月1日, 2025年12月1日. */
export function formatRelativeTime(iso: string, now: Date = new Date()): string {
  const ms = parse(iso);
  if (ms === null) return '';
  const elapsed = now.getTime() - ms;
  if (elapsed >= 0 && elapsed < MINUTE) return '刚刚';
  if (elapsed >= 0 && elapsed < 60 * MINUTE) return `${Math.floor(elapsed / MINUTE)}分钟前`;
  const t = chinaTime(ms);
  const today = chinaTime(now.getTime());
  if (t.dayNumber === today.dayNumber) return clock(t);
  if (t.dayNumber === today.dayNumber - 1) return `昨天 ${clock(t)}`;
  if (t.year === today.year) return `${t.month}月${t.day}日`;
  return `${t.year}年${t.month}月${t.day}日`;
}

/** A full time on a detail: 2026-12-05 14:20. */
export function formatDateTime(iso: string): string {
  const ms = parse(iso);
  if (ms === null) return '';
  const t = chinaTime(ms);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${clock(t)}`;
}

/** A date: 2026-12-05. */
export function formatDate(iso: string): string {
  const ms = parse(iso);
  if (ms === null) return '';
  const t = chinaTime(ms);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
}

/** Whole Beijing calendar days from today to `iso` (negative once past): a licence's days left. */
export function daysUntil(iso: string, now: Date = new Date()): number | null {
  const ms = parse(iso);
  if (ms === null) return null;
  return chinaTime(ms).dayNumber - chinaTime(now.getTime()).dayNumber;
}

/** A 0..1 ratio as a percentage with at most one decimal (0.875 → 87.5%); null when there is none. */
export function formatPercent(ratio: number | null): string | null {
  if (ratio === null || !Number.isFinite(ratio)) return null;
  const value = Math.round(ratio * 1000) / 10;
  return `${value}%`;
}

/** A count for a badge or a figure: 1,234 (Chinese apps group thousands with commas too). */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
