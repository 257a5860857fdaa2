/**
 * Parser for CloudBase security-rule expressions, e.g.
 *   doc._openid == auth.openid || doc._openid == auth.uid
 *   auth != null && get('database.members.' + auth.uid).role == 'admin'
 *   /^public\//.test(resource.path) == true          (storage rules: a regular-expression literal and
 *                                                       its test() method, docs.cloudbase.net/storage/
 *                                                       security-rules/secure_resource "正则匹配")
 * Grammar (lowest precedence first): || , && , == != < <= > >= in , + , ! , member/call , primary.
 * Rules come from the project's own config, but they are still parsed, never eval'd: a rule must not be
 * able to run arbitrary code inside the emulator.
 */

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'array'; items: Expr[] }
  | { kind: 'identifier'; name: string }
  | { kind: 'member'; object: Expr; property: string }
  | { kind: 'call'; callee: string; args: Expr[] }
  /** `/pattern/flags`, compiled once when the rule is parsed. */
  | { kind: 'regex'; regex: RegExp }
  /** `<object>.<method>(args)`: only a regular expression's test() is known. */
  | { kind: 'method'; object: Expr; method: string; args: Expr[] }
  | { kind: 'unary'; op: '!'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr };

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | '+';

export class RuleSyntaxError extends Error {
  override name = 'RuleSyntaxError';
}

type Token = { type: 'num'; value: number } | { type: 'str'; value: string } | { type: 'id'; value: string } | { type: 'op'; value: string } | { type: 'regex'; regex: RegExp };

/**
 * Flags a rule's regular expression may carry: not g or y, whose lastIndex would make test() answer
 * differently on each call.
 */
const REGEX_FLAGS = /^[imsu]*$/;

/** The grammar has no division, so a `/` always opens a regular-expression literal: read it up to its closing `/`. */
function readRegex(source: string, start: number): { regex: RegExp; end: number } {
  let i = start + 1;
  let inClass = false;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    i++;
  }
  if (i >= source.length) throw new RuleSyntaxError(`unterminated regular expression at ${start} in: ${source}`);
  const pattern = source.slice(start + 1, i);
  const flags = /^[A-Za-z]*/.exec(source.slice(i + 1))![0];
  if (!REGEX_FLAGS.test(flags)) throw new RuleSyntaxError(`regular expression flags '${flags}' are not supported (i, m, s, u) in: ${source}`);
  try {
    return { regex: new RegExp(pattern, flags), end: i + 1 + flags.length };
  } catch (err) {
    throw new RuleSyntaxError(`invalid regular expression /${pattern}/${flags} in: ${source} (${(err as Error).message})`);
  }
}

const OPERATORS = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '!', '+', '(', ')', '[', ']', '.', ','];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\' && j + 1 < source.length) j++;
        value += source[j++];
      }
      if (j >= source.length) throw new RuleSyntaxError(`unterminated string at ${i} in: ${source}`);
      tokens.push({ type: 'str', value });
      i = j + 1;
      continue;
    }
    if (c === '/') {
      const { regex, end } = readRegex(source, i);
      tokens.push({ type: 'regex', regex });
      i = end;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(source.slice(i));
    if (num) {
      tokens.push({ type: 'num', value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_$][\w$]*/.exec(source.slice(i));
    if (id) {
      tokens.push({ type: 'id', value: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new RuleSyntaxError(`unexpected character '${c}' at ${i} in: ${source}`);
    tokens.push({ type: 'op', value: op });
    i += op.length;
  }
  return tokens;
}

export function parseRuleExpression(source: string): Expr {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (value: string) => {
    const t = peek();
    return t?.type === 'op' && t.value === value;
  };
  const expectOp = (value: string) => {
    if (!isOp(value)) throw new RuleSyntaxError(`expected '${value}' at token ${pos} in: ${source}`);
    pos++;
  };

  const binaryLevel = (ops: BinaryOp[], next: () => Expr) => (): Expr => {
    let left = next();
    for (;;) {
      const t = peek();
      const op = t && ((t.type === 'op' || (t.type === 'id' && t.value === 'in')) ? (t.value as BinaryOp) : undefined);
      if (!op || !ops.includes(op)) return left;
      pos++;
      left = { kind: 'binary', op, left, right: next() };
    }
  };

  /** Comma-separated expressions up to the closing token (arguments, array items), which it consumes. */
  const list = (close: ')' | ']'): Expr[] => {
    const items: Expr[] = [];
    if (!isOp(close)) {
      items.push(or());
      while (isOp(',')) {
        pos++;
        items.push(or());
      }
    }
    expectOp(close);
    return items;
  };

  const primary = (): Expr => {
    const t = peek();
    if (!t) throw new RuleSyntaxError(`unexpected end of rule: ${source}`);
    pos++;
    if (t.type === 'num' || t.type === 'str') return { kind: 'literal', value: t.value };
    if (t.type === 'regex') return { kind: 'regex', regex: t.regex };
    if (t.type === 'id') {
      if (t.value === 'true' || t.value === 'false') return { kind: 'literal', value: t.value === 'true' };
      if (t.value === 'null') return { kind: 'literal', value: null };
      if (isOp('(')) {
        pos++;
        return { kind: 'call', callee: t.value, args: list(')') };
      }
      return { kind: 'identifier', name: t.value };
    }
    if (t.value === '(') {
      const inner = or();
      expectOp(')');
      return inner;
    }
    if (t.value === '[') return { kind: 'array', items: list(']') };
    throw new RuleSyntaxError(`unexpected '${t.value}' in: ${source}`);
  };

  const member = (): Expr => {
    let expr = primary();
    for (;;) {
      if (isOp('.')) {
        pos++;
        const name = peek();
        if (name?.type !== 'id') throw new RuleSyntaxError(`expected a property name after '.' in: ${source}`);
        pos++;
        if (isOp('(')) {
          // The one method the rule language knows (a regular expression's test); anything else is not a rule.
          if (name.value !== 'test') throw new RuleSyntaxError(`unknown method .${name.value}() in: ${source} (only /regex/.test(text))`);
          pos++;
          expr = { kind: 'method', object: expr, method: name.value, args: list(')') };
        } else {
          expr = { kind: 'member', object: expr, property: name.value };
        }
      } else if (isOp('[')) {
        pos++;
        const key = peek();
        if (key?.type !== 'str' && key?.type !== 'num') throw new RuleSyntaxError(`only literal [index] access is supported in: ${source}`);
        pos++;
        expectOp(']');
        expr = { kind: 'member', object: expr, property: String(key.value) };
      } else {
        return expr;
      }
    }
  };

  const unary = (): Expr => {
    if (isOp('!')) {
      pos++;
      return { kind: 'unary', op: '!', operand: unary() };
    }
    return member();
  };

  const additive = binaryLevel(['+'], unary);
  const comparison = binaryLevel(['==', '!=', '<', '<=', '>', '>=', 'in'], additive);
  const and = binaryLevel(['&&'], comparison);
  const or: () => Expr = binaryLevel(['||'], and);

  const expr = or();
  if (pos < tokens.length) throw new RuleSyntaxError(`unexpected trailing input at token ${pos} in: ${source}`);
  return expr;
}
