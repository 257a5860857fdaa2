/**
 * Parser for CloudBase security-rule expressions, e.g.
 *   doc._openid == auth.openid || doc._openid == auth.uid
 *   auth != null && get('database.members.' + auth.uid).role == 'admin'
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
  | { kind: 'unary'; op: '!'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr };

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | '+';

export class RuleSyntaxError extends Error {
  override name = 'RuleSyntaxError';
}

type Token = { type: 'num'; value: number } | { type: 'str'; value: string } | { type: 'id'; value: string } | { type: 'op'; value: string };

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
  const isOp = (value: string) => peek()?.type === 'op' && peek()!.value === value;
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

  const primary = (): Expr => {
    const t = peek();
    if (!t) throw new RuleSyntaxError(`unexpected end of rule: ${source}`);
    pos++;
    if (t.type === 'num' || t.type === 'str') return { kind: 'literal', value: t.value };
    if (t.type === 'id') {
      if (t.value === 'true' || t.value === 'false') return { kind: 'literal', value: t.value === 'true' };
      if (t.value === 'null') return { kind: 'literal', value: null };
      if (isOp('(')) {
        pos++;
        const args: Expr[] = [];
        if (!isOp(')')) {
          args.push(or());
          while (isOp(',')) {
            pos++;
            args.push(or());
          }
        }
        expectOp(')');
        return { kind: 'call', callee: t.value, args };
      }
      return { kind: 'identifier', name: t.value };
    }
    if (t.value === '(') {
      const inner = or();
      expectOp(')');
      return inner;
    }
    if (t.value === '[') {
      const items: Expr[] = [];
      if (!isOp(']')) {
        items.push(or());
        while (isOp(',')) {
          pos++;
          items.push(or());
        }
      }
      expectOp(']');
      return { kind: 'array', items };
    }
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
        expr = { kind: 'member', object: expr, property: name.value };
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
