import { memoryFileSource } from '../source/sources';
import { readGitopsRepository } from '../read';
import { baseRepo } from '../__testUtils__/fixtures';
import { folderOf } from './instances';

const sandbox = (name: string) =>
  `{\n  "name": "${name}",\n  "usage": "sandbox",\n  "cluster": "cons-1"\n}\n`;

describe('instance.json at the contract depth only', () => {
  it('reads instances/<region>/<usage>/<name>/instance.json and no other depth', () => {
    expect(folderOf('instances/eu-sxb-1/sandbox/x/instance.json')).toEqual({
      region: 'eu-sxb-1',
      usage: 'sandbox',
      name: 'x',
    });
    for (const file of [
      'instances/instance.json',
      'instances/eu-sxb-1/instance.json',
      'instances/e*/instance.json',
      'instances/eu-sxb-1/sandbox/instance.json',
      'instances/eu-sxb-1/sandbox/x/deeper/instance.json',
    ]) {
      expect(folderOf(file)).toEqual({ outside: true });
    }
  });

  it('reports an instance.json outside the depth as a problem and does not read it as an instance', async () => {
    const tree = {
      ...(await baseRepo()),
      // the crafted removals of issue 23: a sandbox whose folder would be a
      // whole region, or a folder name git would read as a glob
      'instances/eu-sxb-1/instance.json': sandbox('region-wide'),
      'instances/e*/instance.json': sandbox('glob-folder'),
      'instances/eu-sxb-1/sandbox/ok-1/nested/instance.json':
        sandbox('too-deep'),
      'instances/eu-sxb-1/sandbox/ok-1/instance.json': sandbox('ok-1'),
    };
    const snapshot = await readGitopsRepository(memoryFileSource(tree), {
      loadOpenApi: false,
    });
    const names = snapshot.instances.map(i => i.name);
    expect(names).toContain('ok-1');
    for (const [file, name] of [
      ['instances/eu-sxb-1/instance.json', 'region-wide'],
      ['instances/e*/instance.json', 'glob-folder'],
      ['instances/eu-sxb-1/sandbox/ok-1/nested/instance.json', 'too-deep'],
    ]) {
      expect(names).not.toContain(name);
      expect(snapshot.problems).toContainEqual(
        expect.objectContaining({
          file,
          severity: 'error',
          subject: name,
          message: `${file}: instance '${name}': an instance.json must be at instances/<region>/<usage>/<instance>/instance.json; this one is at another depth and is ignored`,
        }),
      );
    }
    expect(snapshot.filesWithErrors).toEqual(
      expect.arrayContaining(['instances/eu-sxb-1/instance.json']),
    );
  });
});
