import { parseJsonFile, parseYamlDocuments, parseYamlFile } from './parse';

const ctx = { file: 'instances/x/values.yaml', location: '/repo/values.yaml' };
const jctx = { file: 'instances/x/instance.json', location: '/repo/i.json' };

describe('repeated keys and nesting (linear checks)', () => {
  it('finds a key repeated at the end of a mapping of 60,000 keys, with its line and its first line', () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `k${i}: ${i}`);
    lines.push('k17: again');
    const r = parseYamlFile(`${lines.join('\n')}\n`, ctx);
    expect(r.parsed).toBeUndefined();
    expect(r.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'instances/x/values.yaml',
        line: 60_001,
        column: 1,
        message:
          "instances/x/values.yaml, line 60001: invalid YAML: Map keys must be unique: key 'k17' (column 1) is already defined at line 18",
      }),
    ]);
  });

  it('names the path of a nested repeated key and reports the first one by position', () => {
    const text = [
      'global:',
      '  image:',
      '    tag: a',
      '    repo: r',
      '    tag: b',
      'hosts:',
      '- name: x',
      '  name: y',
      'global: again',
    ].join('\n');
    const r = parseYamlFile(text, ctx);
    expect(r.problems[0]).toMatchObject({ line: 5, column: 5 });
    expect(r.problems[0].message).toContain(
      "key 'global.image.tag' (column 5) is already defined at line 3",
    );
    const seq = parseYamlFile('hosts:\n- name: x\n  name: y\n', ctx);
    expect(seq.problems[0].message).toContain("key 'hosts[0].name'");
  });

  it('compares keys as the yaml parser does: by resolved scalar value', () => {
    // 1 and "1" differ, true and "true" differ, NaN never repeats
    expect(
      parseYamlFile('1: a\n"1": b\ntrue: c\n"true": d\n.nan: e\n.nan: f\n', ctx)
        .problems,
    ).toEqual([]);
    // ~ and null are both null; 1 and 1.0 are both 1
    expect(parseYamlFile('~: a\nnull: b\n', ctx).problems[0].message).toMatch(
      /Map keys must be unique: key 'null' .* line 1/,
    );
    expect(parseYamlFile('1: a\n1.0: b\n', ctx).problems[0].line).toBe(2);
    // flow mappings too
    expect(
      parseYamlFile('a: {x: 1, x: 2}\n', ctx).problems[0].message,
    ).toContain("key 'a.x'");
  });

  it('finds repeated keys in every document of a multi-document file', () => {
    const r = parseYamlDocuments(
      'kind: A\n---\nkind: B\nmetadata:\n  name: n\n  name: m\n',
      { file: 'vault/x/a.yaml', location: 'a' },
    );
    expect(r.docs).toBeUndefined();
    expect(r.problems[0]).toMatchObject({ line: 6 });
    expect(r.problems[0].message).toContain("key 'metadata.name'");
  });

  it('refuses YAML nested deeper than the limit with the right words, whatever the depth', () => {
    const nested = (depth: number) =>
      `${Array.from(
        { length: depth },
        (_, k) => `${'  '.repeat(k)}a${k}:`,
      ).join('\n')} 1\n`;
    expect(parseYamlFile(nested(100), ctx).problems).toEqual([]);
    const deep = parseYamlFile(nested(101), ctx);
    expect(deep.problems[0].message).toMatch(
      /line 101: invalid YAML: nesting deeper than 100 levels/,
    );
    // so deep that the parser's own stack gives up: the same words, no aliases
    for (const text of [
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      `${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}a:`).join(
        '\n',
      )}\n`,
    ]) {
      const m = parseYamlFile(text, ctx).problems[0].message;
      expect(m).toContain('invalid YAML: nesting deeper than 100 levels');
      expect(m).not.toContain('alias');
    }
  });

  it('still refuses an alias bomb as too many aliases', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 6; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(
          98 + i,
        )} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`,
      );
    const m = parseYamlFile(`${lines.join('\n')}\n`, ctx).problems[0].message;
    expect(m).toContain('too many aliases (more than 1000 resolved nodes)');
  });

  it('refuses a JSON key that JSON.parse would silently overwrite', () => {
    const text = JSON.stringify(
      { name: 'univ-a', usage: 'sandbox', region: 'r' },
      null,
      2,
    ).replace('"region"', '"usage": "production",\n  "region"');
    const r = parseJsonFile(text, jctx);
    expect(r.value).toBeUndefined();
    expect(r.problems).toEqual([
      expect.objectContaining({
        line: 4,
        column: 3,
        message:
          "instances/x/instance.json, line 4: invalid JSON: keys must be unique: key 'usage' (column 3) is already defined at line 3",
      }),
    ]);
    // escapes are decoded before comparing, as JSON.parse does
    expect(
      parseJsonFile('[{"a": 1}, {"b": {"\\u0061": 1, "a": 2}}]', jctx)
        .problems[0].message,
    ).toContain("key '[1].b.a'");
    // the same key in sibling objects is no repeat
    expect(parseJsonFile('[{"a": 1}, {"a": 2}]', jctx).problems).toEqual([]);
  });

  it('refuses JSON nested deeper than the limit', () => {
    expect(
      parseJsonFile(`${'['.repeat(100)}${']'.repeat(100)}`, jctx).problems,
    ).toEqual([]);
    expect(
      parseJsonFile(`${'['.repeat(5000)}${']'.repeat(5000)}`, jctx).problems[0]
        .message,
    ).toBe(
      'instances/x/instance.json, line 1: invalid JSON: nesting deeper than 100 levels (column 101)',
    );
  });
});
