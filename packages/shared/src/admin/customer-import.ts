import { customerImportRowSchema, type CustomerImportRow } from '@partner-desk/contract';
import { AppError } from '../errors';
import { dayjs, BUSINESS_TZ } from '../time';

/** `2027-03-31` is that day's midnight in China; anything with a time keeps its own offset. */
export function parseImportDate(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayjs.tz(value, BUSINESS_TZ).toDate() : new Date(value);
}

/**
 * Validates every row before anything is written: the first bad row (or a repeated externalId) answers
 * INVALID_ARGUMENT naming its index, so the console can fix the file and send it again.
 */
export function validateImportRows(rows: unknown[]): CustomerImportRow[] {
  const seen = new Map<string, number>();
  return rows.map((row, index) => {
    const parsed = customerImportRowSchema.safeParse(row);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      const first = issues[0];
      throw new AppError('INVALID_ARGUMENT', `第 ${index + 1} 行（customers[${index}]）数据不正确：${first.path || '整行'} ${first.message}`, { row: index, issues });
    }
    const { externalId, purchaseDate, expiryDate } = parsed.data;
    if (parseImportDate(expiryDate) < parseImportDate(purchaseDate)) {
      throw new AppError('INVALID_ARGUMENT', `第 ${index + 1} 行（customers[${index}]）到期日期早于购买日期`, { row: index, issues: [{ path: 'expiryDate', message: '到期日期早于购买日期' }] });
    }
    const earlier = seen.get(externalId);
    if (earlier !== undefined) {
      throw new AppError('INVALID_ARGUMENT', `第 ${index + 1} 行（customers[${index}]）与第 ${earlier + 1} 行的 externalId 重复：${externalId}`, { row: index, duplicateOf: earlier });
    }
    seen.set(externalId, index);
    return parsed.data;
  });
}
