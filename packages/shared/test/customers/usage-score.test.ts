import { addDays, startOfBusinessDay } from '../../src/time';
import { computeUsageBreakdown, computeUsageScore, levelOf, type DailyUsage } from '../../src/customers';

const NOW = new Date('2026-06-15T04:00:00.000Z'); // 12:00 in Shanghai
const today = startOfBusinessDay(NOW);

/** One record per day for `days` days ending `endDaysAgo` days before today. */
function days(count: number, endDaysAgo: number, figures: Omit<DailyUsage, 'date'>): DailyUsage[] {
  return Array.from({ length: count }, (_, i) => ({ date: addDays(today, -(endDaysAgo + i)), ...figures }));
}

const component = (result: { components: { key: string }[] }, key: string) => result.components.find((c) => c.key === key)! as any;

describe('usage score (pure)', () => {
  test('When there are no records, then the score is 0, level low, no trend, and every component explains itself', () => {
    const result = computeUsageScore([], 10, NOW);
    expect(result.score).toBe(0);
    expect(result.level).toBe('low');
    expect(result.levelLabel).toBe('低');
    expect(result.trend).toEqual({ direction: 'flat', delta: 0, previousScore: null });
    expect(result.components.map((c) => c.key)).toEqual(['seats', 'logins', 'modules', 'business', 'recency']);
    for (const c of result.components) {
      expect(c.explanation).toMatch(/[\u4e00-\u9fa5]/);
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(100);
    }
    expect(component(result, 'recency')).toMatchObject({ value: null, contribution: -30 });
    expect(result.computedAt).toBe(NOW.toISOString());
  });

  test('When every figure is at or above its target and use was today, then the score is capped at 100', () => {
    const records = days(60, 0, { activeUsers: 10, logins: 40, modulesUsed: 12, documentsCreated: 500 });
    const result = computeUsageScore(records, 10, NOW);
    expect(result.score).toBe(100);
    expect(result.level).toBe('high');
    for (const key of ['seats', 'logins', 'modules', 'business']) expect(component(result, key).score).toBe(100);
    expect(component(result, 'recency')).toMatchObject({ value: 0, score: 100, contribution: 5 });
    expect(result.trend).toEqual({ direction: 'flat', delta: 0, previousScore: 100 });
  });

  test('When the customer has zero ports, then seat utilisation scores 0 with an explanation, and nothing divides by zero', () => {
    const records = days(30, 0, { activeUsers: 3, logins: 5, modulesUsed: 4, documentsCreated: 5 });
    const result = computeUsageBreakdown(records, 0, NOW);
    const seats = component(result, 'seats');
    expect(seats.score).toBe(0);
    expect(seats.explanation).toContain('未开通端口');
    expect(Number.isFinite(result.score)).toBe(true);
    expect(component(result, 'business').score).toBe(100); // 5 documents a day against 5 × max(1, 0 ports)
  });

  test('When 7.3 users a day use 10 ports, then the seat component says so in Chinese with the utilisation', () => {
    // 219 active-user-days over 30 days = 7.3 a day
    const records = days(30, 0, { activeUsers: 7, logins: 10, modulesUsed: 5, documentsCreated: 20 });
    records[0].activeUsers = 16;
    const seats = component(computeUsageBreakdown(records, 10, NOW), 'seats');
    expect(seats.value).toBe(7.3);
    expect(seats.weight).toBe(0.35);
    expect(seats.explanation).toBe('近30天平均每日活跃用户 7.3 人（开通 10 个端口，使用率 73%，达到 80% 即满分）');
    expect(seats.score).toBe(91); // 0.73 / 0.8
  });

  test('When the weighted scores are known, then the total is their weighted sum plus the recency adjustment', () => {
    const records = days(11, 0, { activeUsers: 4, logins: 2, modulesUsed: 4, documentsCreated: 10 });
    const result = computeUsageBreakdown(records, 10, NOW);
    const sum = result.components.reduce((t, c) => t + (c.key === 'recency' ? c.contribution : c.weight * c.score), 0);
    expect(result.score).toBe(Math.round(Math.max(0, Math.min(100, sum))));
    expect(result.components.filter((c) => c.key !== 'recency').reduce((t, c) => t + c.weight, 0)).toBeCloseTo(1);
    expect(result.level).toBe(levelOf(result.score));
  });

  test('When the last use was 10 days ago, then recency takes 10 points off and says so', () => {
    const records = days(20, 10, { activeUsers: 5, logins: 5, modulesUsed: 5, documentsCreated: 25 });
    const recency = component(computeUsageBreakdown(records, 5, NOW), 'recency');
    expect(recency).toMatchObject({ value: 10, contribution: -10 });
    expect(recency.explanation).toBe('最近一次使用在 10 天前，扣 10 分');
  });

  test('When usage dropped against the previous 30 days, then the trend is down by the score difference', () => {
    const previous = days(30, 30, { activeUsers: 9, logins: 20, modulesUsed: 8, documentsCreated: 50 });
    const current = days(30, 0, { activeUsers: 2, logins: 2, modulesUsed: 2, documentsCreated: 2 });
    const result = computeUsageScore([...current, ...previous], 10, NOW);
    const before = computeUsageBreakdown(previous, 10, addDays(today, -30)).score;
    expect(result.trend.previousScore).toBe(before);
    expect(result.trend.delta).toBe(result.score - before);
    expect(result.trend.direction).toBe('down');
    const rising = computeUsageScore([...days(30, 0, { activeUsers: 9, logins: 20, modulesUsed: 8, documentsCreated: 50 }), ...days(30, 30, { activeUsers: 1, logins: 1, modulesUsed: 1, documentsCreated: 1 })], 10, NOW);
    expect(rising.trend.direction).toBe('up');
  });

  test('When records lie in the future or before the window, then they do not count towards this window', () => {
    const inside = days(30, 0, { activeUsers: 5, logins: 5, modulesUsed: 5, documentsCreated: 5 });
    const outside = [...days(5, -5, { activeUsers: 99, logins: 99, modulesUsed: 99, documentsCreated: 999 }), ...days(10, 40, { activeUsers: 99, logins: 99, modulesUsed: 99, documentsCreated: 999 })];
    expect(computeUsageBreakdown([...inside, ...outside], 10, NOW).score).toBe(computeUsageBreakdown(inside, 10, NOW).score);
  });
});
