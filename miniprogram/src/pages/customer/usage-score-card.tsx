import { Text, View } from '@tarojs/components';
import { BarChart, type BarChartItem } from '../../components/bar-chart';
import type { Tone } from '../../components/status-tag';
import type { UsageScoreResult } from '../../services/customers';
import { formatDateTime } from '../../utils/format';

type Component = UsageScoreResult['components'][number];

const LEVEL_TONES: Record<UsageScoreResult['level'], Tone> = { high: 'success', medium: 'primary', low: 'warning' };

/** What a component adds: weighted ones by their weight (权重 35%), recency by its points (+5 分 / −10 分). */
function noteOf(component: Component): string {
  if (component.weight > 0) return `权重 ${Math.round(component.weight * 100)}%`;
  const points = Math.round(component.contribution);
  return points > 0 ? `加 ${points} 分` : points < 0 ? `减 ${-points} 分` : '不加减分';
}

export function scoreBars(components: readonly Component[]): BarChartItem[] {
  return components.map((c) => ({ key: c.key, label: c.label, value: c.score, display: String(Math.round(c.score)), note: noteOf(c) }));
}

/** 较前30天 +5 / −3 / 持平, or why there is nothing to compare. */
export function trendText(trend: UsageScoreResult['trend']): string {
  if (trend.previousScore === null) return '前30天无使用数据，暂无趋势';
  if (trend.direction === 'flat') return `较前30天持平（前30天 ${trend.previousScore} 分）`;
  const sign = trend.delta > 0 ? '上升' : '下降';
  return `较前30天${sign} ${Math.abs(trend.delta)} 分（前30天 ${trend.previousScore} 分）`;
}

/**
 * 使用深度评分详情 (seed §1.2.4): the score and its level, the trend against the 30 days before (both scores as
 * two bars), and each named component drawn as a bar with its weight and the function's explanation.
 */
export function UsageScoreCard({ usage }: { usage: UsageScoreResult }) {
  const arrow = usage.trend.direction === 'up' ? '↑' : usage.trend.direction === 'down' ? '↓' : '→';
  return (
    <View className='usage-score'>
      <View className='usage-score__summary'>
        <View className={`usage-score__dial usage-score__dial--${LEVEL_TONES[usage.level]}`}>
          <Text className='usage-score__value'>{String(usage.score)}</Text>
          <Text className='usage-score__unit'>分</Text>
        </View>
        <View className='usage-score__text'>
          <Text className='usage-score__level'>{`使用深度：${usage.levelLabel}`}</Text>
          <Text className={`usage-score__trend usage-score__trend--${usage.trend.direction}`}>{`${arrow} ${trendText(usage.trend)}`}</Text>
        </View>
      </View>
      {usage.trend.previousScore !== null ? (
        <View className='usage-score__compare'>
          <BarChart
            items={[
              { key: 'previous', label: '前30天', value: usage.trend.previousScore, tone: 'neutral' },
              { key: 'current', label: '近30天', value: usage.score, tone: LEVEL_TONES[usage.level] },
            ]}
          />
        </View>
      ) : null}
      <Text className='usage-score__heading'>评分构成</Text>
      <BarChart items={scoreBars(usage.components)} />
      <View className='usage-score__explanations'>
        {usage.components.map((c) => (
          <Text key={c.key} className='usage-score__explanation'>{`${c.label}：${c.explanation}`}</Text>
        ))}
      </View>
      <Text className='usage-score__computed'>{`按近30天每日使用数据计算 · ${formatDateTime(usage.computedAt)}`}</Text>
    </View>
  );
}
