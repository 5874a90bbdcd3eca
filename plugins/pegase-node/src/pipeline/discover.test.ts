import { memoryFileSource } from '../source/sources';
import { readGitopsRepository } from '../read';
import {
  baseRepo,
  instancesApplicationSet,
  type Tree,
} from '../__testUtils__/fixtures';
import type { GitopsSnapshot, ResolvedInstance } from '../model/types';

/** What an instance is, wherever its file lives. */
const essence = (s: GitopsSnapshot) =>
  s.instances
    .map((i: ResolvedInstance) => {
      const {
        file: _f,
        location: _l,
        index: _i,
        raw: _r,
        valuesFile: _v,
        ...rest
      } = i;
      return rest;
    })
    .sort((a, b) => a.name.localeCompare(b.name));

/** The base repository with its inventory moved to `fleet/<region>/<name>.json`. */
function otherLayout(base: Tree): Tree {
  const tree: Tree = {};
  for (const [path, content] of Object.entries(base)) {
    if (!path.startsWith('instances/')) tree[path] = content;
  }
  const add = (obj: Record<string, unknown>, values: string) => {
    tree[`fleet/${obj.region}/${obj.name}.json`] = JSON.stringify(obj);
    tree[`fleet/${obj.region}/${obj.name}.values.yaml`] = values;
  };
  for (const [path, content] of Object.entries(base)) {
    const m = /^instances\/([^/]+)\/([^/]+)\/[^/]+\/instance\.json$/.exec(path);
    if (!m) continue;
    const values =
      (base[path.replace(/instance\.json$/, 'values.yaml')] as string) ??
      '{}\n';
    const json = JSON.parse(String(content));
    for (const o of Array.isArray(json) ? json : [json])
      add({ region: m[1], usage: m[2], ...o }, values);
  }
  // excluded: a template file and an archive folder (invalid on purpose)
  tree['fleet/eu-sxb-1/_template.json'] = '{ "name": "NOT VALID" }';
  tree['fleet/archive/eu-sxb-1/gone.json'] = '{ broken';
  tree['argocd/instances.yaml'] = instancesApplicationSet(
    'pegase-fleet',
    [
      '- path: fleet/*/*.json',
      '- path: fleet/*/_*.json',
      '  exclude: true',
      '- path: fleet/archive/*',
      '  exclude: true',
    ],
    '$values/{{.path.path}}/{{.name}}.values.yaml',
  );
  return tree;
}

describe('discover: the inventory from the instances ApplicationSets', () => {
  it('reads another layout (another folder, one file per instance at another depth, excludes) as the same instances', async () => {
    const base = await baseRepo();
    const today = await readGitopsRepository(memoryFileSource(base));
    expect(today.inventory?.source).toBe('default');
    const other = await readGitopsRepository(
      memoryFileSource(otherLayout(base)),
    );
    expect(other.problems).toEqual([]);
    expect(other.inventory).toEqual({
      source: 'applicationsets',
      applicationSets: ['pegase-fleet'],
      files: [
        'fleet/eu-sxb-1/univ-a.json',
        'fleet/eu-sxb-1/univ-b.json',
        'fleet/eu-sxb-1/univ-old.json',
        'fleet/fr-cfe-uca/sbx-1.json',
        'fleet/fr-cfe-uca/sbx-2.json',
      ],
    });
    expect(essence(other)).toEqual(essence(today));
    expect(other.instances.find(i => i.name === 'univ-b')?.valuesFile).toBe(
      'fleet/eu-sxb-1/univ-b.values.yaml',
    );
    expect(
      other.generatedApplications?.map(a => [a.instance, a.spec.destination]),
    ).toContainEqual(['univ-old', { name: 'prod-1', namespace: 'old-ns' }]);
  });

  it("reads today's layout through an ApplicationSet as without one", async () => {
    const base = await baseRepo();
    const today = await readGitopsRepository(memoryFileSource(base));
    const withSet = await readGitopsRepository(
      memoryFileSource({
        ...base,
        'argocd/instances.yaml': instancesApplicationSet(
          'pegase-instances',
          ['- path: instances/*/*/*/instance.json'],
          '$values/{{.path.path}}/values.yaml',
        ),
        // a folder without values.yaml: the Application names a missing file
      }),
    );
    // univ-a, univ-old and the sandboxes have no values.yaml: ArgoCD fails them too
    expect(withSet.problems.map(p => [p.file, p.severity, p.subject])).toEqual(
      expect.arrayContaining([
        [
          'instances/eu-sxb-1/production/univ-a/instance.json',
          'error',
          'univ-a',
        ],
      ]),
    );
    expect(withSet.problems[0].message).toContain(
      'the values file instances/eu-sxb-1/production/univ-a/values.yaml its Application names does not exist',
    );
    expect(withSet.instances.map(i => i.name)).toEqual(['univ-b']);
    expect(essence(withSet)).toEqual(
      essence(today).filter(i => i.name === 'univ-b'),
    );
  });

  it('warns when two instances ApplicationSets read the same file', async () => {
    const base = await baseRepo();
    const tree = otherLayout(base);
    tree['argocd/again.yaml'] = instancesApplicationSet(
      'pegase-again',
      ['- path: fleet/eu-sxb-1/univ-a.json'],
      '$values/{{.path.path}}/{{.name}}.values.yaml',
    );
    const s = await readGitopsRepository(memoryFileSource(tree));
    expect(s.problems.map(p => [p.file, p.severity, p.message])).toEqual([
      [
        'fleet/eu-sxb-1/univ-a.json',
        'warning',
        "fleet/eu-sxb-1/univ-a.json: read by the ApplicationSets 'pegase-again', 'pegase-fleet': each generates its Application; the values file of the first is used",
      ],
    ]);
    expect(
      s.generatedApplications
        ?.filter(a => a.instance === 'univ-a')
        .map(a => a.applicationSet),
    ).toEqual(['pegase-again', 'pegase-fleet']); // by file: argocd/again.yaml first
  });

  it('names what it cannot render and does not read that instance', async () => {
    const base = await baseRepo();
    const tree = otherLayout(base);
    tree['argocd/instances.yaml'] = String(
      tree['argocd/instances.yaml'],
    ).replace("'{{.name}}'", "'{{.name | title}}'");
    const s = await readGitopsRepository(memoryFileSource(tree));
    expect(s.instances).toEqual([]);
    const p = s.problems.filter(x => x.file === 'argocd/instances.yaml');
    expect(p).toHaveLength(5);
    expect(p[0]).toMatchObject({ severity: 'error', subject: 'univ-a' });
    expect(p[0].message).toContain(
      "ApplicationSet 'pegase-fleet': cannot render the Application of fleet/eu-sxb-1/univ-a.json (instance univ-a not read, ArgoCD cannot generate it either): at metadata.name: '{{.name | title}}': the function 'title'",
    );
  });
});
