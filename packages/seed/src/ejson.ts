/**
 * Canonical Extended JSON for the value types seed documents contain (strings, numbers, booleans, null,
 * Dates, arrays, plain objects): the same text the emulator's export writes
 * (emulator/src/database/ejson.ts), without depending on the emulator from database/.
 */
export function toCanonicalEjson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (Object.is(value, -0)) return '{"$numberDouble":"-0.0"}';
      if (Number.isInteger(value)) {
        if (value >= -2147483648 && value <= 2147483647) return `{"$numberInt":"${value}"}`;
        if (Number.isSafeInteger(value)) return `{"$numberLong":"${value}"}`;
      }
      return `{"$numberDouble":"${String(value)}"}`;
  }
  if (value instanceof Date) return `{"$date":{"$numberLong":"${value.getTime()}"}}`;
  if (Array.isArray(value)) return '[' + value.map(toCanonicalEjson).join(',') + ']';
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (inner !== undefined) parts.push(JSON.stringify(key) + ':' + toCanonicalEjson(inner));
    }
    return '{' + parts.join(',') + '}';
  }
  throw new TypeError(`seed documents hold no ${typeof value} values`);
}
