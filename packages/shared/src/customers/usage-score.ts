/**
 * 使用深度评分 (usage-depth score): a pure function of one customer's daily usage records.
 *
 * The model, in the order a provider reads it:
 *
 *   score = clamp(0..100, round( Σ weight_i × score_i  +  recency adjustment ))
 *
 * Weighted components (weights sum to 1), each scored 0–100 over the 30-day window ending today
 * (days without a record count as days without use):
 *   - seats     坐席使用率 0.35  avg daily activeUsers ÷ portCount; 80 % utilisation or more is full marks
 *                                (nobody uses every seat every day: holidays, shifts). No ports → 0.
 *   - logins    登录频次   0.25  days with at least one login; 22 days (a month of working days) is full marks.
 *   - modules   功能覆盖   0.20  distinct modules per active day, averaged over active days; 8 modules is full marks.
 *   - business  业务活跃度 0.20  avg documents created per day against 5 per port; a square-root curve, so
 *                                a customer that starts doing real work climbs fast, and the last few
 *                                documents matter less than the first ones.
 * Recency adjustment (not weighted: a bonus or penalty on top, because a customer that stopped using the
 * software last week is at risk whatever its monthly averages say), from days since the last day with use:
 *   ≤ 1 day +5 · ≤ 7 days 0 · ≤ 14 days −10 · ≤ 30 days −20 · longer or never −30.
 * Levels: ≥ 70 高, ≥ 40 中, otherwise 低.
 * Trend: the same model over the 30 days before (its "today" 30 days earlier); |delta| < 3 is flat; no
 * records at all in that earlier window means there is nothing to compare (previousScore null, flat).
 */
import { LABELS, type ComponentKey, type ScoreComponent, type UsageLevel, type UsageScoreResult } from '@partner-desk/contract';
import { businessDaysBetween, startOfBusinessDay, addDays } from '../time';

export const WINDOW_DAYS = 30;
export const SEAT_FULL_UTILISATION = 0.8;
export const LOGIN_FULL_DAYS = 22;
export const MODULES_FULL = 8;
export const DOCUMENTS_PER_PORT_FULL = 5;
export const FLAT_TREND_BELOW = 3;

export const SCORE_WEIGHTS = { seats: 0.35, logins: 0.25, modules: 0.2, business: 0.2 } as const;

export interface DailyUsage {
  date: Date;
  activeUsers: number;
  logins: number;
  modulesUsed: number;
  documentsCreated: number;
}

/** The score of one 30-day window, without the trend. */
export type UsageScoreBreakdown = Pick<UsageScoreResult, 'score' | 'level' | 'levelLabel' | 'components'>;

const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));
const round1 = (n: number) => Math.round(n * 10) / 10;
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

export function levelOf(score: number): UsageLevel {
  return score >= 70 ? 'high' : score >= 40 ? 'medium' : 'low';
}

/** Recency bonus/penalty and a 0–100 freshness score, from days since last use (null: never). */
export function recencyAdjustment(days: number | null): { points: number; score: number } {
  if (days === null) return { points: -30, score: 0 };
  if (days <= 1) return { points: 5, score: 100 };
  if (days <= 7) return { points: 0, score: 80 };
  if (days <= 14) return { points: -10, score: 50 };
  if (days <= 30) return { points: -20, score: 20 };
  return { points: -30, score: 0 };
}

const used = (r: DailyUsage) => r.activeUsers > 0 || r.logins > 0 || r.documentsCreated > 0;

/**
 * The score as of `asOf`, from the records of the 30 business days ending that day (others are ignored,
 * so callers may pass a longer history). Recency looks at every record up to `asOf`.
 */
export function computeUsageBreakdown(records: readonly DailyUsage[], portCount: number, asOf: Date): UsageScoreBreakdown {
  const today = startOfBusinessDay(asOf);
  const windowStart = addDays(today, -(WINDOW_DAYS - 1));
  const upToToday = records.filter((r) => r.date.getTime() <= today.getTime());
  const inWindow = upToToday.filter((r) => r.date.getTime() >= windowStart.getTime());

  const sum = (pick: (r: DailyUsage) => number) => inWindow.reduce((total, r) => total + pick(r), 0);
  const activeDays = inWindow.filter(used);

  // Seats: average active users a day over the whole window.
  const avgActiveUsers = round1(sum((r) => r.activeUsers) / WINDOW_DAYS);
  const utilisation = portCount > 0 ? avgActiveUsers / portCount : 0;
  const seatScore = portCount > 0 ? Math.round(clamp(utilisation / SEAT_FULL_UTILISATION, 0, 1) * 100) : 0;
  const seatText =
    portCount > 0
      ? `近30天平均每日活跃用户 ${avgActiveUsers} 人（开通 ${portCount} 个端口，使用率 ${percent(utilisation)}，达到 ${percent(SEAT_FULL_UTILISATION)} 即满分）`
      : `未开通端口，无法计算坐席使用率（近30天平均每日活跃用户 ${avgActiveUsers} 人）`;

  // Logins: how many days of the month someone signed in.
  const loginDays = inWindow.filter((r) => r.logins > 0).length;
  const loginScore = Math.round(clamp(loginDays / LOGIN_FULL_DAYS, 0, 1) * 100);
  const totalLogins = sum((r) => r.logins);

  // Modules: breadth on the days the software was used.
  const avgModules = activeDays.length ? round1(activeDays.reduce((t, r) => t + r.modulesUsed, 0) / activeDays.length) : 0;
  const moduleScore = Math.round(clamp(avgModules / MODULES_FULL, 0, 1) * 100);

  // Business: documents a day against what the licensed seats could produce; sqrt curve.
  const avgDocuments = round1(sum((r) => r.documentsCreated) / WINDOW_DAYS);
  const documentTarget = DOCUMENTS_PER_PORT_FULL * Math.max(1, portCount);
  const businessScore = Math.round(Math.sqrt(clamp(avgDocuments / documentTarget, 0, 1)) * 100);

  // Recency: days since the last day with any use, up to asOf.
  const lastUsed = upToToday.filter(used).reduce<Date | null>((latest, r) => (!latest || r.date > latest ? r.date : latest), null);
  const daysSince = lastUsed ? Math.max(0, businessDaysBetween(lastUsed, today)) : null;
  const recency = recencyAdjustment(daysSince);
  const recencyText =
    daysSince === null
      ? `近期没有任何使用记录，扣 ${-recency.points} 分`
      : `最近一次使用在${daysSince === 0 ? '今天' : ` ${daysSince} 天前`}，${recency.points > 0 ? `加 ${recency.points} 分` : recency.points < 0 ? `扣 ${-recency.points} 分` : '不加减分'}`;

  const weighted = (key: Exclude<ComponentKey, 'recency'>, label: string, value: number, unit: string, score: number, explanation: string): ScoreComponent => ({
    key,
    label,
    weight: SCORE_WEIGHTS[key],
    value,
    unit,
    score,
    contribution: round1(SCORE_WEIGHTS[key] * score),
    explanation,
  });

  const components: ScoreComponent[] = [
    weighted('seats', '坐席使用率', avgActiveUsers, '人/天', seatScore, seatText),
    weighted('logins', '登录频次', loginDays, '天', loginScore, `近30天有 ${loginDays} 天有人登录（共 ${totalLogins} 次），按每月 ${LOGIN_FULL_DAYS} 个工作日计达标 ${percent(loginDays / LOGIN_FULL_DAYS)}`),
    weighted('modules', '功能模块覆盖', avgModules, '个', moduleScore, `使用日平均用到 ${avgModules} 个功能模块（用到 ${MODULES_FULL} 个即满分）`),
    weighted(
      'business',
      '业务活跃度',
      avgDocuments,
      '张/天',
      businessScore,
      `近30天平均每日新建业务单据 ${avgDocuments} 张（按 ${Math.max(1, portCount)} 个端口计，每端口日均 ${round1(avgDocuments / Math.max(1, portCount))} 张，每端口 ${DOCUMENTS_PER_PORT_FULL} 张即满分）`,
    ),
    { key: 'recency', label: '最近活跃', weight: 0, value: daysSince, unit: '天', score: recency.score, contribution: recency.points, explanation: recencyText },
  ];

  const raw = components.reduce((total, c) => total + (c.key === 'recency' ? c.contribution : SCORE_WEIGHTS[c.key] * c.score), 0);
  const score = Math.round(clamp(raw, 0, 100));
  const level = levelOf(score);
  return { score, level, levelLabel: LABELS.usageLevel[level], components };
}

/** The score now, with the trend against the previous 30 days; `records` should cover the last 60 days. */
export function computeUsageScore(records: readonly DailyUsage[], portCount: number, now: Date): UsageScoreResult {
  const current = computeUsageBreakdown(records, portCount, now);
  const previousAsOf = addDays(startOfBusinessDay(now), -WINDOW_DAYS);
  const previousWindowStart = addDays(previousAsOf, -(WINDOW_DAYS - 1));
  const hasPrevious = records.some((r) => r.date >= previousWindowStart && r.date <= previousAsOf);
  if (!hasPrevious) return { ...current, trend: { direction: 'flat', delta: 0, previousScore: null }, computedAt: now.toISOString() };
  const previousScore = computeUsageBreakdown(records, portCount, previousAsOf).score;
  const delta = current.score - previousScore;
  const direction = Math.abs(delta) < FLAT_TREND_BELOW ? 'flat' : delta > 0 ? 'up' : 'down';
  return { ...current, trend: { direction, delta, previousScore }, computedAt: now.toISOString() };
}

/** First day of the history `computeUsageScore` needs (60 days ending today). */
export function usageHistoryStart(now: Date): Date {
  return addDays(startOfBusinessDay(now), -(2 * WINDOW_DAYS - 1));
}
