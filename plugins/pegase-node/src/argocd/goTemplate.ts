/**
 * The Go-template subset ApplicationSets use (`goTemplate: true`): actions
 * `{{ pipeline }}` with `{{-`/`-}}` trimming and comments, fields
 * (`.a.b`), string/number/bool literals, parentheses, pipes, and the
 * functions below. Everything else (if/range/with, variables, unknown
 * functions, values Go would print differently) is refused with a
 * {@link TemplateRenderError} naming it: the portal never guesses.
 *
 * Behaviour learned from Go's text/template (exec.go: a missing map key is
 * the zero value, printed `<no value>`; `missingkey=error` makes it an
 * error), from argo-cd applicationset/utils/utils.go at v3.1.0 (the funcMap:
 * sprig's TxtFuncMap plus `normalize`, `slugify`, `toYaml`...; the
 * `SanitizeName` of `normalize`) and from sprig v3 (defaults.go `default`,
 * `empty`; strings.go `trunc`, `replace`, `trimPrefix`...).
 */

/** Why a template cannot be rendered; the message names the construct. @public */
export class TemplateRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

/** Options of an ApplicationSet's `goTemplateOptions`. @public */
export interface GoTemplateOptions {
  /** `missingkey=error`: a missing key is an error (else it is `<no value>`). */
  missingKeyError?: boolean;
}

/** Reads `spec.goTemplateOptions` (only `missingkey=` is meaningful). */
export function goTemplateOptionsOf(list: unknown): GoTemplateOptions {
  const opts: GoTemplateOptions = {};
  if (Array.isArray(list))
    for (const o of list)
      if (o === 'missingkey=error') opts.missingKeyError = true;
  return opts;
}

const MISSING = Symbol('missing');
type Value = unknown;

type Token =
  | { t: 'field'; path: string[]; text: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'ident'; v: string }
  | { t: 'pipe' }
  | { t: 'open' }
  | { t: 'close' };

const KEYWORDS = new Set([
  'if',
  'else',
  'range',
  'with',
  'end',
  'define',
  'template',
  'block',
  'break',
  'continue',
]);

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '|') {
      out.push({ t: 'pipe' });
      i++;
    } else if (c === '(') {
      out.push({ t: 'open' });
      i++;
    } else if (c === ')') {
      out.push({ t: 'close' });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\') {
          const e = src[j + 1];
          const map: Record<string, string> = {
            n: '\n',
            t: '\t',
            '"': '"',
            '\\': '\\',
          };
          if (!(e in map))
            throw new TemplateRenderError(`string escape '\\${e}'`);
          s += map[e];
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length)
        throw new TemplateRenderError('an unterminated string');
      out.push({ t: 'str', v: s });
      i = j + 1;
    } else if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) throw new TemplateRenderError('an unterminated raw string');
      out.push({ t: 'str', v: src.slice(i + 1, j) });
      i = j + 1;
    } else if (c === '.') {
      const m = /^(\.[A-Za-z_][A-Za-z0-9_]*)+|^\./.exec(src.slice(i))!;
      const text = m[0];
      out.push({
        t: 'field',
        path: text === '.' ? [] : text.slice(1).split('.'),
        text,
      });
      i += text.length;
    } else if (c === '$') {
      // variables (and their := declarations) are not rendered
      const m = /^\$[A-Za-z0-9_]*/.exec(src.slice(i))!;
      throw new TemplateRenderError(`the variable '${m[0]}'`);
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(src.slice(i));
      if (!m) throw new TemplateRenderError(`the character '${c}'`);
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'ident', v: m[0] });
      i += m[0].length;
    } else throw new TemplateRenderError(`the character '${c}'`);
  }
  return out;
}

function isEmpty(v: Value): boolean {
  if (v === MISSING || v === null || v === undefined) return true;
  if (typeof v === 'string') return v === '';
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

function str(fn: string, v: Value): string {
  if (typeof v === 'string') return v;
  throw new TemplateRenderError(
    `'${fn}' of a ${
      v === MISSING ? 'missing value' : typeof v
    } (it takes a string)`,
  );
}

/**
 * argo-cd applicationset/utils SanitizeName: what `normalize` does.
 *
 * @public
 */
export function sanitizeName(name: string): string {
  let n = name.toLowerCase().replace(/[^-a-z0-9.]/g, '-');
  if (n.length > 253) n = n.slice(0, 253);
  return n.replace(/^[-.]+|[-.]+$/g, '');
}

const FUNCS: Record<string, (...a: Value[]) => Value> = {
  index: (coll, ...keys) => {
    let v = coll;
    for (const k of keys) {
      if (Array.isArray(v)) {
        if (typeof k !== 'number' || !Number.isInteger(k))
          throw new TemplateRenderError('index of a list by a non-integer');
        if (k < 0 || k >= v.length)
          throw new TemplateRenderError(
            `index ${k} out of range (the list has ${v.length} elements)`,
          );
        v = v[k];
      } else if (v === MISSING) {
        throw new TemplateRenderError('index of a missing value');
      } else if (v !== null && typeof v === 'object') {
        if (typeof k !== 'string')
          throw new TemplateRenderError('index of a map by a non-string');
        v = Object.hasOwn(v as object, k)
          ? (v as Record<string, Value>)[k]
          : MISSING;
      } else throw new TemplateRenderError(`index of a ${String(typeof v)}`);
    }
    return v;
  },
  default: (d, given) => (given === undefined || isEmpty(given) ? d : given),
  lower: v => str('lower', v).toLowerCase(),
  upper: v => str('upper', v).toUpperCase(),
  normalize: v => sanitizeName(str('normalize', v)),
  trim: v => str('trim', v).trim(),
  trimPrefix: (p, v) =>
    str('trimPrefix', v).startsWith(str('trimPrefix', p))
      ? (v as string).slice((p as string).length)
      : v,
  trimSuffix: (s, v) =>
    str('trimSuffix', v).endsWith(str('trimSuffix', s)) &&
    (s as string).length > 0
      ? (v as string).slice(0, -(s as string).length)
      : v,
  replace: (o, n, v) =>
    str('replace', v).split(str('replace', o)).join(str('replace', n)),
  trunc: (n, v) => {
    if (typeof n !== 'number' || !Number.isInteger(n))
      throw new TemplateRenderError("'trunc' of a non-integer length");
    const s = str('trunc', v);
    if (n < 0) return s.length + n > 0 ? s.slice(s.length + n) : s;
    return s.slice(0, n);
  },
  quote: (...vs) => vs.map(v => JSON.stringify(printed(v))).join(' '),
  toString: (v: Value): string => printed(v),
};

type Node =
  | { k: 'field'; path: string[]; text: string }
  | { k: 'lit'; v: Value }
  | { k: 'call'; fn: string; args: Node[] }
  | { k: 'pipeline'; cmds: Node[][] };

function parsePipeline(tokens: Token[], pos: { i: number }): Node {
  const cmds: Node[][] = [[]];
  while (pos.i < tokens.length) {
    const tok = tokens[pos.i];
    if (tok.t === 'close') break;
    pos.i++;
    if (tok.t === 'pipe') {
      cmds.push([]);
      continue;
    }
    const cmd = cmds[cmds.length - 1];
    if (tok.t === 'open') {
      cmd.push(parsePipeline(tokens, pos));
      if (tokens[pos.i]?.t !== 'close')
        throw new TemplateRenderError('an unclosed parenthesis');
      pos.i++;
    } else if (tok.t === 'field')
      cmd.push({ k: 'field', path: tok.path, text: tok.text });
    else if (tok.t === 'str' || tok.t === 'num')
      cmd.push({ k: 'lit', v: tok.v });
    else if (KEYWORDS.has(tok.v))
      throw new TemplateRenderError(`the control structure '{{${tok.v}}}'`);
    else if (tok.v === 'true' || tok.v === 'false')
      cmd.push({ k: 'lit', v: tok.v === 'true' });
    else if (tok.v === 'nil') throw new TemplateRenderError("'nil'");
    else if (!(tok.v in FUNCS))
      throw new TemplateRenderError(`the function '${tok.v}'`);
    else cmd.push({ k: 'call', fn: tok.v, args: [] });
  }
  if (cmds.some(c => c.length === 0))
    throw new TemplateRenderError('an empty command');
  return { k: 'pipeline', cmds };
}

/** How Go prints a value, or a refusal when the portal would have to guess. */
function printed(v: Value, what = 'a value'): string {
  if (v === MISSING)
    throw new TemplateRenderError(
      `${what} is missing (ArgoCD would render '<no value>')`,
    );
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  // JSON numbers are float64 in ArgoCD: %v prints 1e+06 for a million
  if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1e6)
    return String(v);
  if (v === null || v === undefined)
    throw new TemplateRenderError(`${what} is null (Go prints '<nil>')`);
  let kind: string = typeof v;
  if (Array.isArray(v)) kind = 'list';
  else if (kind === 'object') kind = 'map';
  throw new TemplateRenderError(
    `${what} is a ${kind} (Go's printing of it is not rendered)`,
  );
}

function evalNode(
  node: Node,
  data: Value,
  opts: GoTemplateOptions,
  piped?: Value,
  hasPiped = false,
): Value {
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'field': {
      if (hasPiped)
        throw new TemplateRenderError(
          `a value piped into the field '${node.text}'`,
        );
      let v = data;
      for (const seg of node.path) {
        if (
          v === MISSING ||
          v === null ||
          typeof v !== 'object' ||
          Array.isArray(v)
        )
          throw new TemplateRenderError(
            `'${node.text}': '${seg}' of a value that is no map`,
          );
        if (!Object.hasOwn(v as object, seg)) {
          if (opts.missingKeyError)
            throw new TemplateRenderError(
              `'${node.text}' is missing (missingkey=error)`,
            );
          return MISSING;
        }
        v = (v as Record<string, Value>)[seg];
      }
      return v;
    }
    case 'call': {
      const args = node.args.map(a => evalNode(a, data, opts));
      if (hasPiped) args.push(piped);
      return FUNCS[node.fn](...args);
    }
    case 'pipeline': {
      let value: Value;
      let has = false;
      for (const cmd of node.cmds) {
        const [head, ...rest] = cmd;
        if (head.k === 'call') {
          value = evalNode(
            { k: 'call', fn: head.fn, args: rest },
            data,
            opts,
            value,
            has,
          );
        } else {
          if (rest.length > 0)
            throw new TemplateRenderError(
              `arguments after a ${
                head.k === 'field' ? `field '${head.text}'` : 'value'
              }`,
            );
          value = evalNode(head, data, opts, value, has);
        }
        has = true;
      }
      return value;
    }
    default:
      throw new TemplateRenderError('an unknown node');
  }
}

// the same actions come back for every instance: parse each once
const PARSED = new Map<string, Node | TemplateRenderError>();
const MAX_PARSED = 10_000;

function parsedAction(body: string): Node {
  let r = PARSED.get(body);
  if (r === undefined) {
    try {
      const tokens = tokenize(body);
      const pos = { i: 0 };
      r = parsePipeline(tokens, pos);
      if (pos.i < tokens.length)
        throw new TemplateRenderError("an unexpected ')'");
    } catch (e) {
      if (!(e instanceof TemplateRenderError)) throw e;
      r = e;
    }
    if (PARSED.size >= MAX_PARSED) PARSED.clear();
    PARSED.set(body, r);
  }
  if (r instanceof TemplateRenderError)
    throw new TemplateRenderError(r.message);
  return r;
}

/**
 * Renders one template string with the generator's parameters.
 * @throws TemplateRenderError naming what it cannot render
 * @public
 */
export function renderGoTemplate(
  template: string,
  data: Record<string, unknown>,
  opts: GoTemplateOptions = {},
): string {
  let out = '';
  let i = 0;
  let trimNext = false;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    let text = open < 0 ? template.slice(i) : template.slice(i, open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open < 0) {
      out += text;
      break;
    }
    const trimLeft = /^\{\{- /.test(template.slice(open, open + 4));
    if (trimLeft) text = text.replace(/\s+$/, '');
    out += text;
    const close = template.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateRenderError("an unclosed '{{'");
    let body = template.slice(open + (trimLeft ? 3 : 2), close);
    trimNext = / -$/.test(body);
    if (trimNext) body = body.slice(0, -2);
    i = close + 2;
    const trimmed = body.trim();
    if (trimmed.startsWith('/*')) {
      if (!trimmed.endsWith('*/'))
        throw new TemplateRenderError('an unterminated comment');
      continue;
    }
    try {
      const node = parsedAction(trimmed);
      out += printed(evalNode(node, data, opts), `'{{${trimmed}}}'`);
    } catch (e) {
      if (
        e instanceof TemplateRenderError &&
        !e.message.startsWith(`'{{${trimmed}}}'`)
      )
        throw new TemplateRenderError(`'{{${trimmed}}}': ${e.message}`);
      throw e;
    }
  }
  return out;
}

/**
 * Renders every string of a template object (keys too), as ArgoCD renders
 * an ApplicationSet's `template` field by field.
 * @throws TemplateRenderError whose message starts with the field's path
 *
 * @public
 */
export function renderTemplateObject(
  template: unknown,
  data: Record<string, unknown>,
  opts: GoTemplateOptions = {},
  at = '',
): unknown {
  const wrap = <T>(path: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof TemplateRenderError && !e.message.startsWith('at '))
        throw new TemplateRenderError(`at ${path || '.'}: ${e.message}`);
      throw e;
    }
  };
  if (typeof template === 'string')
    return wrap(at, () => renderGoTemplate(template, data, opts));
  if (Array.isArray(template))
    return template.map((v, i) =>
      renderTemplateObject(v, data, opts, `${at}[${i}]`),
    );
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) {
      const key = wrap(`${at ? `${at}.` : ''}${k}`, () =>
        renderGoTemplate(k, data, opts),
      );
      out[key] = renderTemplateObject(v, data, opts, at ? `${at}.${k}` : k);
    }
    return out;
  }
  return template;
}
