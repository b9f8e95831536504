/**
 * A small interpreter for the DynamoDB expressions rekey writes (lambdas/common/inventory.ts, lambdas/intake/records.ts,
 * packages/client/src/ack.ts): update expressions with SET (plain values, `if_not_exists`, `list_append`), ADD (string sets,
 * numbers) and REMOVE; condition and key-condition expressions with AND/OR/NOT, parentheses, comparisons, IN,
 * `attribute_exists`, `attribute_not_exists`, `contains` and `begins_with`. Top-level attribute names only, which is
 * all rekey uses. Anything else is a ValidationException, so a new expression cannot pass unnoticed.
 */

export type Item = Record<string, unknown>;

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationException';
  }
}

export interface ExpressionContext {
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, unknown>>;
}

type Token = { kind: 'word' | 'name' | 'value' | 'op' | 'punct'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|(<>|<=|>=|=|<|>)|([(),])|([A-Za-z_][A-Za-z0-9_]*))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new ExpressionError(`cannot parse expression at "${text.slice(at, at + 20)}"`);
    at = re.lastIndex;
    if (m[1]) tokens.push({ kind: 'name', text: m[1] });
    else if (m[2]) tokens.push({ kind: 'value', text: m[2] });
    else if (m[3]) tokens.push({ kind: 'op', text: m[3] });
    else if (m[4]) tokens.push({ kind: 'punct', text: m[4] });
    else if (m[5]) tokens.push({ kind: 'word', text: m[5] });
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly ctx: ExpressionContext,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new ExpressionError('unexpected end of expression');
    return t;
  }
  eat(text: string): boolean {
    const t = this.peek();
    if (t && t.text.toUpperCase() === text.toUpperCase() && t.kind !== 'value' && t.kind !== 'name') {
      this.i++;
      return true;
    }
    return false;
  }
  expect(text: string): void {
    if (!this.eat(text)) throw new ExpressionError(`expected "${text}", found "${this.peek()?.text ?? 'end'}"`);
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }

  path(): string {
    const t = this.next();
    if (t.kind === 'name') {
      const name = this.ctx.names[t.text];
      if (name === undefined) throw new ExpressionError(`undefined attribute name ${t.text}`);
      return name;
    }
    if (t.kind === 'word') return t.text;
    throw new ExpressionError(`expected an attribute path, found "${t.text}"`);
  }

  /** An operand: a value placeholder, an attribute path, or (in updates) a function. */
  operand(item: Item): unknown {
    const t = this.peek();
    if (t?.kind === 'value') {
      this.i++;
      if (!(t.text in this.ctx.values)) throw new ExpressionError(`undefined attribute value ${t.text}`);
      return this.ctx.values[t.text];
    }
    if (t?.kind === 'word' && this.tokens[this.i + 1]?.text === '(') {
      const fn = this.next().text;
      this.expect('(');
      if (fn === 'if_not_exists') {
        const path = this.path();
        this.expect(',');
        const fallback = this.operand(item);
        this.expect(')');
        return item[path] !== undefined ? item[path] : fallback;
      }
      if (fn === 'list_append') {
        const a = this.operand(item);
        this.expect(',');
        const b = this.operand(item);
        this.expect(')');
        if (!Array.isArray(a) || !Array.isArray(b)) throw new ExpressionError('list_append needs two lists');
        return [...a, ...b];
      }
      throw new ExpressionError(`unsupported function ${fn}`);
    }
    return item[this.path()];
  }
}

/** Evaluates a condition (or key condition) against an item. */
export function evaluateCondition(expression: string, item: Item, ctx: ExpressionContext): boolean {
  const p = new Parser(tokenize(expression), ctx);
  const result = orExpr(p, item);
  if (!p.done()) throw new ExpressionError(`unexpected "${p.peek()?.text}" in condition`);
  return result;
}

function orExpr(p: Parser, item: Item): boolean {
  let value = andExpr(p, item);
  while (p.eat('OR')) value = andExpr(p, item) || value;
  return value;
}

function andExpr(p: Parser, item: Item): boolean {
  let value = notExpr(p, item);
  while (p.eat('AND')) value = notExpr(p, item) && value;
  return value;
}

function notExpr(p: Parser, item: Item): boolean {
  if (p.eat('NOT')) return !notExpr(p, item);
  return primary(p, item);
}

const FUNCTIONS = new Set(['attribute_exists', 'attribute_not_exists', 'contains', 'begins_with']);

function primary(p: Parser, item: Item): boolean {
  const t = p.peek();
  if (t?.text === '(') {
    p.next();
    const v = orExpr(p, item);
    p.expect(')');
    return v;
  }
  if (t?.kind === 'word' && FUNCTIONS.has(t.text)) {
    p.next();
    p.expect('(');
    const fn = t.text;
    if (fn === 'attribute_exists' || fn === 'attribute_not_exists') {
      const path = p.path();
      p.expect(')');
      return (item[path] !== undefined) === (fn === 'attribute_exists');
    }
    const subject = p.operand(item);
    p.expect(',');
    const arg = p.operand(item);
    p.expect(')');
    if (fn === 'begins_with') return typeof subject === 'string' && typeof arg === 'string' && subject.startsWith(arg);
    if (subject instanceof Set || Array.isArray(subject)) return [...subject].includes(arg);
    return typeof subject === 'string' && typeof arg === 'string' && subject.includes(arg);
  }
  const left = p.operand(item);
  if (p.eat('IN')) {
    p.expect('(');
    const options = [p.operand(item)];
    while (p.eat(',')) options.push(p.operand(item));
    p.expect(')');
    return options.some((o) => left !== undefined && equal(left, o));
  }
  const op = p.next();
  if (op.kind !== 'op') throw new ExpressionError(`expected a comparison, found "${op.text}"`);
  const right = p.operand(item);
  if (left === undefined || right === undefined) return false;
  switch (op.text) {
    case '=':
      return equal(left, right);
    case '<>':
      return !equal(left, right);
    case '<':
      return compare(left, right) < 0;
    case '<=':
      return compare(left, right) <= 0;
    case '>':
      return compare(left, right) > 0;
    default:
      return compare(left, right) >= 0;
  }
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

function normal(v: unknown): unknown {
  return v instanceof Set ? [...v].sort() : v;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a !== typeof b || (typeof a !== 'string' && typeof a !== 'number')) {
    throw new ExpressionError('comparison of mismatched or unsupported types');
  }
  return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
}

/** Applies an update expression to a copy of the item and returns it. */
export function applyUpdate(expression: string, item: Item, ctx: ExpressionContext): Item {
  const p = new Parser(tokenize(expression), ctx);
  const out: Item = { ...item };
  const seen = new Set<string>();
  const once = (path: string) => {
    if (seen.has(path)) throw new ExpressionError(`two document paths overlap: ${path}`);
    seen.add(path);
  };
  while (!p.done()) {
    const clause = p.next().text.toUpperCase();
    do {
      if (clause === 'SET') {
        const path = p.path();
        once(path);
        p.expect('=');
        // Operands read the item as it was before the update, as DynamoDB does.
        out[path] = p.operand(item);
      } else if (clause === 'ADD') {
        const path = p.path();
        once(path);
        const value = p.operand(item);
        const old = item[path];
        if (value instanceof Set) {
          if (old !== undefined && !(old instanceof Set)) throw new ExpressionError(`ADD to a non-set ${path}`);
          out[path] = new Set([...((old as Set<unknown>) ?? []), ...value]);
        } else if (typeof value === 'number') {
          if (old !== undefined && typeof old !== 'number') throw new ExpressionError(`ADD to a non-number ${path}`);
          out[path] = ((old as number) ?? 0) + value;
        } else {
          throw new ExpressionError('ADD takes a set or a number');
        }
      } else if (clause === 'REMOVE') {
        const path = p.path();
        once(path);
        delete out[path];
      } else {
        throw new ExpressionError(`unsupported update clause ${clause}`);
      }
    } while (p.eat(','));
  }
  return out;
}
