import { resolve } from 'node:path';
import { directoryFileSource, memoryFileSource } from '../source/sources';
import { readGitopsRepository } from '../read';
import {
  baseRepo,
  instancesApplicationSet,
  type Tree,
} from '../__testUtils__/fixtures';
import { GitopsValidationError } from '../model/errors';
import type { GitopsSnapshot, NewInstanceInput } from '../model/types';
import { addInstance } from './addInstance';
import { newInstancePaths } from './instancePaths';

const demo = resolve(__dirname, '../../../../catalog/demo-gitops');

/** The base repository with one JSON file per instance under `fleet/<region>/`. */
function fleetLayout(base: Tree): Tree {
  const tree: Tree = {};
  for (const [path, content] of Object.entries(base))
    if (!path.startsWith('instances/')) tree[path] = content;
  for (const [path, content] of Object.entries(base)) {
    const m = /^instances\/([^/]+)\/([^/]+)\/[^/]+\/instance\.json$/.exec(path);
    if (!m) continue;
    const json = JSON.parse(String(content));
    for (const o of Array.isArray(json) ? json : [json]) {
      tree[`fleet/${m[1]}/${o.name}.json`] = JSON.stringify({
        region: m[1],
        usage: m[2],
        ...o,
      });
      tree[`fleet/${m[1]}/${o.name}.values.yaml`] = '{}\n';
    }
  }
  tree['argocd/instances.yaml'] = instancesApplicationSet(
    'pegase-fleet',
    [
      '- path: fleet/*/*.json',
      '- path: fleet/*/test-*.json',
      '  exclude: true',
    ],
    '$values/{{.path.path}}/{{.name}}.values.yaml',
  );
  return tree;
}

const input: NewInstanceInput = {
  name: 'univ-new',
  usage: 'production',
  region: 'eu-sxb-1',
  cluster: 'prod-1',
  values: { kafka: { enabled: false } },
};

/** The instance.json object of {@link input}. */
const obj = { name: input.name, cluster: input.cluster };

async function read(tree: Tree): Promise<GitopsSnapshot> {
  return readGitopsRepository(memoryFileSource(tree));
}

function refusalOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GitopsValidationError);
    return (e as Error).message;
  }
  throw new Error('not refused');
}

describe('newInstancePaths: where the instances ApplicationSet reads', () => {
  it("fills another layout's wildcards as its instances hold them, and the new files read back as the instance", async () => {
    const tree = fleetLayout(await baseRepo());
    const repo = await read(tree);
    expect(repo.problems).toEqual([]);
    const r = addInstance(repo, input);
    expect(Object.keys(r.files)).toEqual([
      'fleet/eu-sxb-1/univ-new.json',
      'fleet/eu-sxb-1/univ-new.values.yaml',
    ]);
    const after = await read({ ...tree, ...r.files });
    expect(after.problems).toEqual([]);
    const back = after.instances.find(i => i.name === 'univ-new');
    expect(back).toMatchObject({
      file: 'fleet/eu-sxb-1/univ-new.json',
      valuesFile: 'fleet/eu-sxb-1/univ-new.values.yaml',
      values: { kafka: { enabled: false } },
      usage: 'production',
      region: 'eu-sxb-1',
      cluster: 'prod-1',
    });
    expect(
      after.generatedApplications?.find(a => a.instance === 'univ-new')
        ?.applicationSet,
    ).toBe('pegase-fleet');
  });

  it('refuses a path the generator excludes, naming the ApplicationSet and the exclude', async () => {
    const repo = await read(fleetLayout(await baseRepo()));
    expect(
      refusalOf(() => addInstance(repo, { ...input, name: 'test-a' })),
    ).toContain(
      "ApplicationSet 'pegase-fleet' path 'fleet/*/*.json': its exclude 'fleet/*/test-*.json' leaves out fleet/eu-sxb-1/test-a.json",
    );
  });

  it('refuses what it cannot fill rather than guess', async () => {
    const base = await baseRepo();
    const tree = fleetLayout(base);
    // no instance read yet, and not today's layout: which wildcard is the region?
    for (const k of Object.keys(tree))
      if (k.startsWith('fleet/')) delete tree[k];
    let repo = await read(tree);
    expect(refusalOf(() => newInstancePaths(repo, input, obj))).toBe(
      "instance eu-sxb-1/production/univ-new: no instances ApplicationSet reads an instance of usage production in region eu-sxb-1 that the portal can place: ApplicationSet 'pegase-fleet' path 'fleet/*/*.json': it reads no instance yet and is not shaped as instances/{region}/{usage}/{name}/instance.json",
    );
    // a wildcard that is not one * in a folder
    tree['argocd/instances.yaml'] = instancesApplicationSet(
      'pegase-deep',
      ['- path: fleet/**/instance.json'],
      '$values/{{.path.path}}/values.yaml',
    );
    repo = await read(tree);
    expect(refusalOf(() => newInstancePaths(repo, input, obj))).toContain(
      "ApplicationSet 'pegase-deep' path 'fleet/**/instance.json': it has wildcards other than one * a folder",
    );
    // the file names are not the instance names
    const renamed = fleetLayout(base);
    for (const k of Object.keys(renamed)) {
      const m = /^fleet\/([^/]+)\/([^/]+)\.json$/.exec(k);
      if (!m) continue;
      renamed[`fleet/${m[1]}/i-${m[2].length}-${m[2]}.json`] = renamed[k];
      delete renamed[k];
    }
    repo = await read(renamed);
    expect(repo.instances).toHaveLength(5);
    expect(refusalOf(() => newInstancePaths(repo, input, obj))).toContain(
      "its wildcard '*.json' (segment 3) holds none of region, usage and name in every instance it reads",
    );
  });

  it('picks the ApplicationSet of the usage: its folder, or the one usage of the instances it reads', async () => {
    const base = await baseRepo();
    const tree: Tree = { ...base };
    tree['argocd/prod.yaml'] = instancesApplicationSet(
      'pegase-prod',
      ['- path: instances/*/production/*/instance.json'],
      '$values/{{.path.path}}/values.yaml',
    );
    tree['argocd/sandbox.yaml'] = instancesApplicationSet(
      'pegase-sandbox',
      ['- path: instances/*/sandbox/*/instance.json'],
      '$values/{{.path.path}}/values.yaml',
    );
    // reads no instance yet: today's layout tells its wildcards
    tree['argocd/cons.yaml'] = instancesApplicationSet(
      'pegase-cons',
      ['- path: instances/*/construction/*/instance.json'],
      '$values/{{.path.path}}/values.yaml',
    );
    const repo = await read(tree);
    expect(newInstancePaths(repo, { ...input, usage: 'sandbox' }, obj)).toEqual(
      {
        file: 'instances/eu-sxb-1/sandbox/univ-new/instance.json',
        valuesFile: 'instances/eu-sxb-1/sandbox/univ-new/values.yaml',
        applicationSet: 'pegase-sandbox',
        glob: 'instances/*/sandbox/*/instance.json',
      },
    );
    expect(
      newInstancePaths(
        repo,
        { ...input, usage: 'construction', region: 'fr-cfe-uca' },
        obj,
      ).applicationSet,
    ).toBe('pegase-cons');
    expect(newInstancePaths(repo, input, obj).applicationSet).toBe(
      'pegase-prod',
    );

    // one flat folder per usage: the instances it reads tell its usage
    const flat: Tree = { ...base };
    flat['argocd/prod.yaml'] = instancesApplicationSet(
      'pegase-prod',
      ['- path: prod/*/instance.json'],
      '$values/{{.path.path}}/values.yaml',
    );
    flat['prod/univ-a/instance.json'] =
      base['instances/eu-sxb-1/production/univ-a/instance.json'];
    flat['prod/univ-a/values.yaml'] = '{}\n';
    for (const k of Object.keys(flat))
      if (k.startsWith('instances/')) delete flat[k];
    const flatRepo = await read(flat);
    expect(flatRepo.instances.map(i => i.name)).toEqual(['univ-a']);
    expect(newInstancePaths(flatRepo, input, obj).file).toBe(
      'prod/univ-new/instance.json',
    );
    expect(
      refusalOf(() =>
        newInstancePaths(flatRepo, { ...input, usage: 'sandbox' }, obj),
      ),
    ).toContain(
      "ApplicationSet 'pegase-prod' path 'prod/*/instance.json': it reads the instances of usage production, not sandbox",
    );
  });

  it('refuses two paths for one instance', async () => {
    const tree: Tree = { ...(await baseRepo()) };
    tree['argocd/a.yaml'] = instancesApplicationSet(
      'pegase-a',
      ['- path: instances/*/*/*/instance.json'],
      '$values/{{.path.path}}/values.yaml',
    );
    tree['argocd/b.yaml'] = instancesApplicationSet(
      'pegase-b',
      ['- path: fleet/*/*/*/instance.json'],
      '$values/{{.path.path}}/values.yaml',
    );
    tree['fleet/eu-sxb-1/production/univ-z/instance.json'] = JSON.stringify({
      name: 'univ-z',
      cluster: 'prod-1',
    });
    tree['fleet/eu-sxb-1/production/univ-z/values.yaml'] = '{}\n';
    const repo = await read(tree);
    expect(repo.instances.map(i => i.name)).toContain('univ-z');
    expect(refusalOf(() => newInstancePaths(repo, input, obj))).toContain(
      "several paths, none is chosen: instances/eu-sxb-1/production/univ-new/instance.json (ApplicationSet 'pegase-a' path 'instances/*/*/*/instance.json'); fleet/eu-sxb-1/production/univ-new/instance.json (ApplicationSet 'pegase-b' path 'fleet/*/*/*/instance.json')",
    );
  });

  it('writes a demo sandbox where pegase-sandboxes reads it, and it reads back', async () => {
    const src = directoryFileSource(demo);
    const tree: Tree = {};
    for (const f of await src.list({ exclude: ['vault'] }))
      tree[f] = await src.read(f);
    const repo = await read(tree);
    const r = addInstance(repo, {
      name: 'unistra-bac-a-sable-9',
      usage: 'sandbox',
      region: 'eu-sxb-1',
      cluster: 'sxb-sandbox-1',
      ttl: '2030-01-01',
    });
    expect(Object.keys(r.files)).toEqual([
      'instances/eu-sxb-1/sandbox/unistra-bac-a-sable-9/instance.json',
      'instances/eu-sxb-1/sandbox/unistra-bac-a-sable-9/values.yaml',
    ]);
    const after = await read({ ...tree, ...r.files });
    const app = after.generatedApplications?.find(
      a => a.instance === 'unistra-bac-a-sable-9',
    );
    expect(app?.applicationSet).toBe('pegase-sandboxes');
    expect(after.instances.map(i => i.name)).toContain('unistra-bac-a-sable-9');
  }, 60_000);
});
