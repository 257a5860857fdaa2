/** A licence's days left as the detail says it (the function counts Beijing calendar days: 0 on the last day). */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft > 0) return `剩余 ${daysLeft} 天`;
  if (daysLeft === 0) return '今天到期';
  return `已过期 ${-daysLeft} 天`;
}
