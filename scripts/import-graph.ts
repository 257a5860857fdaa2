/**
 * The import graph of the repository's TypeScript, from the sources themselves (the TypeScript parser;
 * `import type` and type-only names left out, since they vanish at runtime): which package imports which,
 * and any loop, between packages or between modules. `npx tsx scripts/import-graph.ts` prints both;
 * scripts/test/import-graph.test.ts keeps them loop-free.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

/** Where each workspace package's sources live, as tsconfig.json maps `@partner-desk/<name>`. */
const PACKAGE_ROOTS: Record<string, string> = {
  contract: 'packages/contract/src',
  database: 'database',
  shared: 'packages/shared/src',
  'cloud-client': 'packages/cloud-client/src',
  seed: 'packages/seed/src',
  'cloudbase-emulator': 'emulator/src',
  'pc-protocol': 'packages/pc-protocol/src',
};

/** The folders that make up the graph, and the unit each counts as. */
const UNITS: [prefix: string, unit: string][] = [
  ['packages/contract/', 'contract'],
  ['packages/shared/', 'shared'],
  ['packages/cloud-client/', 'cloud-client'],
  ['packages/seed/', 'seed'],
  ['packages/pc-protocol/', 'pc-protocol'],
  ['pc-simulator/', 'pc-simulator'],
  ['database/', 'database'],
  ['cloudfunctions/', 'cloudfunctions'],
  ['test-support/', 'test-support'],
  ['emulator/', 'emulator'],
  ['scripts/', 'scripts'],
  ['bench/', 'bench'],
];

/**
 * The unit a file belongs to. A package's tests are a unit of their own ("shared (tests)"): they use the
 * package and the test support like any consumer, so they are not part of the package's imports.
 */
export function unitOf(file: string): string | undefined {
  const unit = UNITS.find(([prefix]) => file.startsWith(prefix))?.[1];
  return unit && file.split(path.sep).includes('test') ? `${unit} (tests)` : unit;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.name === 'node_modules' || entry.name === 'build' || entry.name === 'type-fixtures') continue;
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function resolveFile(candidate: string): string | undefined {
  for (const file of [candidate, `${candidate}.ts`, path.join(candidate, 'index.ts')]) {
    if (fs.existsSync(path.join(ROOT, file)) && fs.statSync(path.join(ROOT, file)).isFile()) return path.normalize(file);
  }
  return undefined;
}

function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return resolveFile(path.join(path.dirname(from), specifier));
  const match = /^@partner-desk\/([^/]+)(?:\/(.*))?$/.exec(specifier);
  if (!match || !PACKAGE_ROOTS[match[1]]) return undefined;
  return resolveFile(path.join(PACKAGE_ROOTS[match[1]], match[2] ?? 'index'));
}

/** The modules a file needs at runtime (type-only imports and exports left out). */
export function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, false);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const typeOnly = statement.isTypeOnly || (statement.exportClause && ts.isNamedExports(statement.exportClause) && statement.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) specifiers.push(statement.moduleSpecifier.text);
    }
  }
  return specifiers.map((specifier) => resolveSpecifier(file, specifier)).filter((target): target is string => target !== undefined);
}

export interface ImportGraph {
  /** file → files it imports at runtime (inside the repository). */
  modules: Map<string, string[]>;
  /** unit → units it imports (a package, or a folder like cloudfunctions and test-support). */
  units: Map<string, Set<string>>;
}

export function buildImportGraph(): ImportGraph {
  const files = UNITS.flatMap(([prefix]) => (fs.existsSync(path.join(ROOT, prefix)) ? sourceFiles(prefix.replace(/\/$/, '')) : []));
  const modules = new Map<string, string[]>();
  const units = new Map<string, Set<string>>();
  for (const file of files) {
    const targets = runtimeImports(file);
    modules.set(file, targets);
    const from = unitOf(file)!;
    if (!units.has(from)) units.set(from, new Set());
    for (const target of targets) {
      const to = unitOf(target);
      if (to && to !== from) units.get(from)!.add(to);
    }
  }
  return { modules, units };
}

/** Every loop in a graph, each once, as the path that closes it (a → b → a). */
export function findCycles<T>(graph: Map<T, Iterable<T>>): T[][] {
  const cycles: T[][] = [];
  const state = new Map<T, 'visiting' | 'done'>();
  const stack: T[] = [];
  const seen = new Set<string>();
  const visit = (node: T) => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...cycle.slice(0, -1)].map(String).sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

if (require.main === module) {
  const { modules, units } = buildImportGraph();
  for (const [unit, targets] of [...units].sort()) console.log(`${unit.padEnd(24)} → ${[...targets].sort().join(', ') || '(nothing)'}`);
  const cycles = [...findCycles(units), ...findCycles(modules)];
  console.log(cycles.length ? `\n${cycles.length} loop(s):\n${cycles.map((c) => `  ${c.join(' → ')}`).join('\n')}` : '\nno loops');
  process.exit(cycles.length ? 1 : 0);
}
