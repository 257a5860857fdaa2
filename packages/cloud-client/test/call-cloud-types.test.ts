/**
 * callCloud is typed from the contract, so a mini-program that sends a wrong payload or misreads a result
 * does not compile. Two fixtures written as a page's service module are compiled with the TypeScript
 * compiler API under the repository's compiler options: the correct one must compile clean, and each line
 * of the wrong one marked `// error TSnnnn` must fail with exactly that code, with no other error.
 */
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(__dirname, 'type-fixtures');

function compilerOptions(): ts.CompilerOptions {
  const configPath = path.join(ROOT, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configPath).options;
}

interface Found {
  file: string;
  line: number;
  code: number;
  text: string;
}

function compile(fixture: string): Found[] {
  const file = path.join(FIXTURES, fixture);
  const program = ts.createProgram([file], { ...compilerOptions(), noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => ({
    file: d.file ? path.relative(ROOT, d.file.fileName) : '(global)',
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    code: d.code,
    text: ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0],
  }));
}

/** `// error TS2322: why` marks the line after it. */
function expectedErrors(fixture: string): { line: number; code: number; why: string }[] {
  const lines = ts.sys.readFile(path.join(FIXTURES, fixture))!.split('\n');
  return lines.flatMap((text, i) => {
    const match = /^\s*\/\/ error TS(\d+): (.*)$/.exec(text);
    return match ? [{ line: i + 2, code: Number(match[1]), why: match[2] }] : [];
  });
}

jest.setTimeout(60_000);

describe('callCloud types from the contract', () => {
  test('When a page uses callCloud as the contract says (payload defaults left out, results narrowed on ok and on unions), then it compiles clean', () => {
    expect(compile('mini-program-correct.ts')).toEqual([]);
  });

  test("When a page sends wrong payloads or misreads results (callCloud('tickets', 'reply', { id: 1 }) among them), then each marked line fails with its code and nothing else fails", () => {
    const fixture = 'mini-program-wrong.ts';
    const expected = expectedErrors(fixture);
    expect(expected.length).toBeGreaterThanOrEqual(12);
    const found = compile(fixture);
    const relative = path.relative(ROOT, path.join(FIXTURES, fixture));
    // Every error is in the fixture, on a marked line, with the marked code (the contract and client compile clean).
    expect(found.filter((d) => d.file !== relative)).toEqual([]);
    const codesOn = (line: number) => [...new Set(found.filter((d) => d.line === line).map((d) => d.code))];
    expect(expected.map(({ line, code, why }) => ({ line, why, codes: codesOn(line) }))).toEqual(expected.map(({ line, code, why }) => ({ line, why, codes: [code] })));
    const marked = new Set(expected.map((e) => e.line));
    expect(found.filter((d) => !marked.has(d.line))).toEqual([]);
  });
});
