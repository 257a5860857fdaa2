/**
 * Rules about the product's sources that a type checker can't see, checked by reading them:
 *  - tenant scoping lives only in the data layer (packages/shared/src/data/): nowhere else compares a
 *    serviceProviderId, and nowhere else calls the database's `.collection(`;
 *  - zod is imported as a namespace (`import * as z from 'zod'`): with `import { z }` the bundler keeps
 *    every zod locale, several times the size of a function's bundle.
 * `npx tsx scripts/source-rules.ts` lists violations; scripts/test/source-rules.test.ts keeps there none.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DATA_LAYER = 'packages/shared/src/data/';

/** The deployable product code: the functions' entries, the server library, the contract, the client and the declarations. */
const PRODUCT_SOURCES = ['cloudfunctions', 'packages/shared/src', 'packages/contract/src', 'packages/cloud-client/src', 'database'];

export interface Rule {
  name: string;
  /** Why the rule exists, shown with each violation. */
  why: string;
  pattern: RegExp;
  applies: (file: string) => boolean;
}

/** Server code that reads provider data: the functions' entries and the server library, tests aside. */
const serverOutsideDataLayer = (file: string) => (file.startsWith('cloudfunctions/') || file.startsWith('packages/shared/src/')) && !file.startsWith(DATA_LAYER) && !file.includes('/test/');

export const RULES: Rule[] = [
  {
    name: 'provider check outside the data layer',
    why: 'tenant scoping is enforced only by data/tenant-scope.ts and data/transaction.ts',
    pattern: /serviceProviderId\s*[!=]==?|[!=]==?\s*[\w.?]*serviceProviderId\b/,
    applies: serverOutsideDataLayer,
  },
  {
    name: 'raw collection call outside the data layer',
    why: 'repositories and actions reach the database through scoped() / unscoped() / a scoped transaction (the client watching its own signal document is not server code)',
    pattern: /\.collection\(/,
    applies: serverOutsideDataLayer,
  },
  {
    name: 'zod imported by name',
    why: "write `import * as z from 'zod'`: `import { z }` bundles every zod locale",
    pattern: /import\s+(type\s+)?\{[^}]*\bz\b[^}]*\}\s+from\s+'zod'/,
    applies: () => true,
  },
];

export interface Violation {
  rule: string;
  file: string;
  line: number;
  text: string;
}

function tsFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.name === 'node_modules') return [];
    if (entry.isDirectory()) return tsFiles(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

/** Lines of `source` (named `file`) that break a rule; comment lines are left out (they explain, they don't run). */
export function violationsIn(file: string, source: string, rules: Rule[] = RULES): Violation[] {
  const found: Violation[] = [];
  source.split('\n').forEach((text, i) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(text)) return;
    for (const rule of rules) if (rule.applies(file) && rule.pattern.test(text)) found.push({ rule: rule.name, file, line: i + 1, text: text.trim() });
  });
  return found;
}

export function findViolations(): { files: number; violations: Violation[] } {
  const files = PRODUCT_SOURCES.flatMap(tsFiles);
  return { files: files.length, violations: files.flatMap((file) => violationsIn(file, fs.readFileSync(path.join(ROOT, file), 'utf8'))) };
}

if (require.main === module) {
  const { files, violations } = findViolations();
  for (const v of violations) console.log(`${v.file}:${v.line}  ${v.rule}: ${v.text}`);
  console.log(`${files} files checked, ${violations.length} violation(s)`);
  process.exit(violations.length ? 1 : 0);
}
