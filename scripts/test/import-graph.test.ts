import { buildImportGraph, findCycles } from '../import-graph';

describe('the import graph', () => {
  const { modules, units } = buildImportGraph();

  test('When the packages are compared, then none imports another in a loop, and the layers point one way: contract ← database ← shared ← functions, the protocol beside the database', () => {
    expect(findCycles(units)).toEqual([]);
    const importsOf = (unit: string) => [...(units.get(unit) ?? [])].sort();
    // The contract is the bottom: client-safe, it needs nothing of ours.
    expect(importsOf('contract')).toEqual([]);
    // database/ is declarations only: it reads the enums from the contract and nothing else.
    expect(importsOf('database')).toEqual(['contract']);
    // The server library builds on both and speaks the PC-system protocol, never on the seed, the tests' support or the emulator.
    expect(importsOf('shared')).toEqual(['contract', 'database', 'pc-protocol']);
    // The client needs the contract's types only (erased at runtime) and nothing server-side.
    expect(importsOf('cloud-client')).toEqual([]);
    expect(importsOf('seed')).toEqual(['database', 'shared']);
    expect(importsOf('cloudfunctions')).toEqual(['contract', 'shared']);
    // The PC-system protocol reads the contract's enums and field rules, nothing server-side.
    expect(importsOf('pc-protocol')).toEqual(['contract']);
    // The simulator is a local tool beside the emulators: their door and HTTP helpers, the field cipher to read their data, the import row's rules.
    expect(importsOf('pc-simulator')).toEqual(['contract', 'emulator', 'pc-protocol', 'shared']);
  });

  test('When every module is followed through its runtime imports, then no module reaches itself', () => {
    expect(modules.size).toBeGreaterThan(100);
    expect(findCycles(modules)).toEqual([]);
  });

  test('When a graph has a loop, then findCycles names it once, however it is entered', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['x', ['x']]]))).toEqual([['x', 'x']]);
  });
});
