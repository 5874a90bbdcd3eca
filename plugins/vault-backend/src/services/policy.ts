import { parse as parseHcl } from '@cdktf/hcl2json';
import picomatch from 'picomatch';
import type { VaultPolicy, VaultPolicyRule } from '@pcscol/plugin-vault-common';

/*
 * Vault ACL policies as Vault reads and applies them.
 *
 * Reading (hashicorp/vault vault/policy.go, parsePaths, v1.15-v1.21): HCL or
 * JSON; each `path "<p>" { … }` block; a leading `/` is dropped; old-style
 * `policy = "read|write|sudo|deny"` maps to capabilities; `deny` overrides
 * the other capabilities of the rule. HCL goes through a real HCL parser
 * (@cdktf/hcl2json), so nested objects (`allowed_parameters = { … }`) are
 * read whole.
 *
 * Matching (hashicorp/vault vault/acl.go, NewACL and
 * CheckAllowedFromNonExactPaths): the rules of the same path across a
 * token's policies are merged (union; deny wins); an exact rule wins; then,
 * among the prefix rules (a trailing `*`, Vault's only glob) and the rules
 * with `+` segments (exactly one segment), the most specific by Vault's
 * order: the later first wildcard, not a prefix, fewer `+`, longer, then
 * lexically greater. The globs go through picomatch, configured so that only
 * `+` (one segment) and a trailing `*` are special.
 */

const OLD_POLICIES: Record<string, string[]> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};

/** A parsed policy text: its rules, or why it could not be read. */
export interface ParsedPolicy {
  rules: VaultPolicyRule[];
  error?: string;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v)
    ? v.flatMap(x => (typeof x === 'string' ? [x] : []))
    : [];
}

function keysOf(v: unknown): string[] | undefined {
  const objs = (Array.isArray(v) ? v : [v]).filter(
    (o): o is Record<string, unknown> => Boolean(o) && typeof o === 'object',
  );
  const keys = objs.flatMap(o => Object.keys(o));
  return keys.length ? keys : undefined;
}

function ruleOf(path: string, body: Record<string, unknown>): VaultPolicyRule {
  let capabilities = strings(body.capabilities);
  const old = typeof body.policy === 'string' ? body.policy : undefined;
  if (old && OLD_POLICIES[old])
    capabilities = [...capabilities, ...OLD_POLICIES[old]];
  if (capabilities.includes('deny')) capabilities = ['deny'];
  const allowed = keysOf(body.allowed_parameters);
  const denied = keysOf(body.denied_parameters);
  return {
    path: path.startsWith('/') ? path.slice(1) : path,
    capabilities: [...new Set(capabilities)],
    ...(allowed ? { allowedParameters: allowed } : {}),
    ...(denied ? { deniedParameters: denied } : {}),
  };
}

/**
 * The `path` blocks of a decoded policy: HCL through hcl2json gives
 * `{ path: { "<p>": [body, …] } }`; Vault's JSON form is
 * `{ "path": { "<p>": body } }` or a list of such objects.
 */
function rulesOf(doc: unknown): VaultPolicyRule[] {
  const top = (doc ?? {}) as Record<string, unknown>;
  const blocks = Array.isArray(top.path) ? top.path : [top.path];
  const rules: VaultPolicyRule[] = [];
  for (const block of blocks) {
    if (!block || typeof block !== 'object') continue;
    for (const [p, bodies] of Object.entries(block as object)) {
      for (const body of Array.isArray(bodies) ? bodies : [bodies]) {
        if (body && typeof body === 'object')
          rules.push(ruleOf(p, body as Record<string, unknown>));
      }
    }
  }
  return rules;
}

/**
 * Vault reads policies as HCL 1, the parser is HCL 2: `${` and `%{` are
 * literal in HCL 1 (vault-config-operator leaves `${auth/<path>/@accessor}`
 * placeholders it cannot resolve) and escaped here; HCL 1's block form
 * `allowed_parameters { … }` becomes the attribute form Vault's docs use.
 */
function asHcl2(text: string): string {
  return text
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{')
    .replace(
      /^(\s*(?:allowed|denied)_parameters)\s*\{/gm,
      (_m, key: string) => `${key} = {`,
    );
}

/** Reads an ACL policy text (HCL or JSON) as Vault does; never throws. */
export async function parsePolicy(
  text: string,
  name = 'policy',
): Promise<ParsedPolicy> {
  const trimmed = text.trim();
  if (!trimmed) return { rules: [] };
  try {
    const doc = trimmed.startsWith('{')
      ? JSON.parse(trimmed)
      : await parseHcl(`${name}.hcl`, asHcl2(text));
    // hcl2json answers a map: put the rules back in the order they are written
    const at = (r: VaultPolicyRule) => {
      const i = text.indexOf(`"${r.path}"`);
      const j = i >= 0 ? i : text.indexOf(`"/${r.path}"`);
      return j >= 0 ? j : text.length;
    };
    const rules = rulesOf(doc)
      .map((r, i) => ({ r, i, at: at(r) }))
      .sort((a, b) => a.at - b.at || a.i - b.i)
      .map(x => x.r);
    return { rules };
  } catch (e) {
    const message = String((e as Error)?.message ?? e)
      .split('\n')
      .filter(Boolean)
      .slice(0, 3)
      .join(' ');
    return {
      rules: [],
      error: `policy ${name} could not be read as HCL or JSON: ${message}`,
    };
  }
}

/** Values of the identity templates the portal knows for a token (`{{identity.…}}` in paths). */
export interface PolicyTemplateValues {
  /** `identity.entity.aliases.<kubernetes accessor>.metadata.service_account_namespace`. */
  serviceAccountNamespace?: string;
  /** `identity.entity.aliases.<kubernetes accessor>.metadata.service_account_name`. */
  serviceAccountName?: string;
}

const TEMPLATE = /\{\{\s*([^}]+?)\s*\}\}/g;

/**
 * Resolves the identity templates of a rule path; undefined when one is not
 * known (Vault skips a rule whose template cannot be filled: policy.go).
 */
export function resolveTemplates(
  path: string,
  values: PolicyTemplateValues,
): string | undefined {
  let unknown = false;
  const out = path.replace(TEMPLATE, (_m, expr: string) => {
    const alias = /^identity\.entity\.aliases\.[^.]+\.metadata\.(.+)$/.exec(
      expr,
    );
    const known: Record<string, string | undefined> = {
      service_account_namespace: values.serviceAccountNamespace,
      service_account_name: values.serviceAccountName,
    };
    const v = alias ? known[alias[1]] : undefined;
    if (v === undefined) unknown = true;
    return v ?? '';
  });
  return unknown ? undefined : out;
}

const PICOMATCH_OPTIONS: picomatch.PicomatchOptions = {
  dot: true,
  nobrace: true,
  noextglob: true,
  nonegate: true,
};

/** Escapes a literal for picomatch (every glob character is literal in Vault but `+` and a trailing `*`). */
function literal(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}!@#~]/g, c => `\\${c}`);
}

/** How one rule path matches: its kind and Vault's priority keys. */
interface CompiledPath {
  path: string;
  kind: 'exact' | 'prefix' | 'segments';
  isPrefix: boolean;
  firstWildcard: number;
  wildcards: number;
  /** The path without its trailing `*` (Vault's wcPath). */
  stem: string;
  test: (p: string) => boolean;
}

const compiled = new Map<string, CompiledPath>();

/** Compiles a Vault ACL path into a picomatch matcher with Vault's rules. */
export function compileAclPath(path: string): CompiledPath {
  const hit = compiled.get(path);
  if (hit) return hit;
  const segmentWildcards =
    path === '+' || path.includes('/+') || path.startsWith('+/');
  const isPrefix = path.endsWith('*');
  const stem = isPrefix ? path.slice(0, -1) : path;
  let c: CompiledPath;
  if (!segmentWildcards && !isPrefix) {
    c = {
      path,
      kind: 'exact',
      isPrefix,
      firstWildcard: -1,
      wildcards: 0,
      stem,
      test: p => p === path,
    };
  } else {
    const parts = stem.split('/');
    const pattern = parts
      .map(s => (segmentWildcards && s === '+' ? '*' : literal(s)))
      .join('/');
    // a trailing `*` is a prefix of the last segment and of everything under it
    const patterns = isPrefix ? [`${pattern}*`, `${pattern}*/**`] : [pattern];
    const match = picomatch(patterns, PICOMATCH_OPTIONS);
    c = {
      path,
      kind: segmentWildcards ? 'segments' : 'prefix',
      isPrefix,
      firstWildcard: segmentWildcards ? path.indexOf('+') : stem.length,
      wildcards: segmentWildcards ? parts.filter(s => s === '+').length : 0,
      stem,
      test:
        !segmentWildcards && isPrefix
          ? p => p.startsWith(stem)
          : p => match(p) || (isPrefix && stem === '' && p === ''),
    };
  }
  compiled.set(path, c);
  return c;
}

/** True when the Vault ACL path `rule` covers the request path `path`. */
export function aclPathMatches(rule: string, path: string): boolean {
  return compileAclPath(rule).test(path.replace(/^\/+/, ''));
}

/** Vault's order among the non-exact rules matching a path: true when a is less specific than b. */
function lessSpecific(a: CompiledPath, b: CompiledPath): boolean {
  if (a.firstWildcard !== b.firstWildcard)
    return a.firstWildcard < b.firstWildcard;
  if (a.isPrefix !== b.isPrefix) return a.isPrefix;
  if (a.wildcards !== b.wildcards) return a.wildcards > b.wildcards;
  if (a.stem.length !== b.stem.length) return a.stem.length < b.stem.length;
  return a.stem < b.stem;
}

/** The capabilities a set of policies gives on a path, and which rule gave them. */
export interface AclDecision {
  capabilities: string[];
  /** The rule path that decided, and the policies that hold it. */
  rule?: { path: string; policies: string[] };
}

/**
 * The capabilities the policies give on `path`, as Vault's ACL decides
 * (merged rules, exact first, then the most specific wildcard rule).
 * Paths with identity templates are resolved with `values`, or skipped.
 */
export function aclCapabilities(
  policies: ReadonlyArray<Pick<VaultPolicy, 'name' | 'rules'>>,
  path: string,
  values: PolicyTemplateValues = {},
): AclDecision {
  const target = path.replace(/^\/+/, '');
  const merged = new Map<string, { caps: Set<string>; policies: string[] }>();
  for (const p of policies) {
    for (const r of p.rules) {
      const resolved = resolveTemplates(r.path, values);
      if (resolved === undefined) continue;
      const m = merged.get(resolved) ?? { caps: new Set(), policies: [] };
      for (const cap of r.capabilities) m.caps.add(cap);
      if (!m.policies.includes(p.name)) m.policies.push(p.name);
      merged.set(resolved, m);
    }
  }
  const decide = (rulePath: string): AclDecision => {
    const m = merged.get(rulePath)!;
    const caps = m.caps.has('deny') ? ['deny'] : [...m.caps];
    return {
      capabilities: caps,
      rule: { path: rulePath, policies: m.policies },
    };
  };
  if (merged.has(target) && compileAclPath(target).kind === 'exact')
    return decide(target);
  let best: CompiledPath | undefined;
  for (const rulePath of merged.keys()) {
    const c = compileAclPath(rulePath);
    if (c.kind === 'exact' || !c.test(target)) continue;
    if (!best || lessSpecific(best, c)) best = c;
  }
  return best ? decide(best.path) : { capabilities: [] };
}

/** True when a decision allows `capability` (deny overrides everything). */
export function allows(decision: AclDecision, capability: string): boolean {
  return (
    !decision.capabilities.includes('deny') &&
    decision.capabilities.includes(capability)
  );
}
