import { resolve } from 'node:path';
import { directoryFileSource, memoryFileSource } from '../source/sources';
import { readGitopsRepository } from '../read';
import type { Tree } from '../__testUtils__/fixtures';
import { GitopsValidationError } from '../model/errors';
import type { ClusterAddon, GitopsSnapshot } from '../model/types';
import {
  addonUpgradeFileChanges,
  addonVersionTemplate,
  planAddonUpgrade,
  type AddonUpgradePlan,
} from './addonUpgrade';

jest.setTimeout(60_000);

const demo = resolve(__dirname, '../../../../catalog/demo-gitops');
const USAGES = ['sandbox', 'construction', 'production'];

let tree: Tree;
let repo: GitopsSnapshot;
beforeAll(async () => {
  const src = directoryFileSource(demo);
  tree = {};
  for (const f of await src.list({ exclude: ['vault'] }))
    tree[f] = (await src.read(f)).toString('utf8');
  repo = await readGitopsRepository(memoryFileSource(tree));
});

const read = (t: Tree) => readGitopsRepository(memoryFileSource(t));
const reader = (t: Tree) => async (f: string) => {
  if (t[f] === undefined) throw new Error(`${f} is not in the tree`);
  return String(t[f]);
};
const addonOf = (s: GitopsSnapshot, name: string): ClusterAddon =>
  (s.addons ?? []).find(a => a.name === name)!;

async function changesOf(plan: AddonUpgradePlan, t: Tree = tree) {
  const out = [];
  for (const w of plan.waves)
    out.push(await addonUpgradeFileChanges(plan, w, reader(t)));
  return out;
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

describe('planAddonUpgrade', () => {
  it('plans the clusters of every ApplicationSet of the add-on, in waves of usages', () => {
    const plan = planAddonUpgrade(repo, {
      addon: 'cert-manager',
      to: 'v1.20.0',
      waves: USAGES,
    });
    expect(plan.label).toBe('pc-scol.fr/addon-cert-manager-version');
    expect(plan.applicationSets.map(s => [s.name, s.version])).toEqual([
      ['addon-cert-manager-apps', 'v1.19.1'],
      ['addon-cert-manager-data', 'v1.19.1'],
    ]);
    expect(plan.waves.map(w => [w.name, w.clusters.map(c => c.name)])).toEqual([
      ['sandbox', ['sxb-sandbox-1']],
      ['construction', ['sxb-cons-1', 'uca-cons-1']],
      ['production', ['sxb-prod-1', 'sxb-prod-2', 'uca-prod-1']],
    ]);
    expect(plan.waves[2].clusters[0]).toEqual({
      name: 'sxb-prod-1',
      usage: 'production',
      applicationSet: 'addon-cert-manager-data',
      file: 'clusters/sxb-prod-1.yaml',
      from: 'v1.19.1',
      to: 'v1.20.0',
    });
    // one ApplicationSet by name; clusters chosen; usages in no wave skipped
    const one = planAddonUpgrade(repo, {
      addon: 'addon-cert-manager-apps',
      to: 'v1.20.0',
      clusters: ['sxb-prod-2', 'sxb-sandbox-1'],
      waves: ['sandbox'],
    });
    expect(one.clusters.map(c => c.name)).toEqual(['sxb-sandbox-1']);
    expect(one.skipped).toEqual([
      {
        cluster: 'sxb-prod-2',
        reason: "usage 'production' is in no wave (sandbox)",
      },
    ]);
  });

  it('refuses what it cannot plan, naming it', () => {
    expect(
      refusalOf(() => planAddonUpgrade(repo, { addon: 'nginx', to: '1.0.0' })),
    ).toMatch(
      /^add-on 'nginx' is not in the repository: known add-ons are cert-manager, external-dns, ingress-nginx, /,
    );
    expect(
      refusalOf(() =>
        planAddonUpgrade(repo, { addon: 'strimzi', to: '0.49.0+build.1' }),
      ),
    ).toContain("version '0.49.0+build.1' cannot be a cluster label value");
    expect(
      refusalOf(() =>
        planAddonUpgrade(repo, {
          addon: 'strimzi',
          to: '0.49.0',
          clusters: ['sxb-sandbox-1'],
        }),
      ),
    ).toBe(
      "cluster(s) sxb-sandbox-1: add-on 'strimzi' does not target it (it targets sxb-prod-1, uca-prod-1)",
    );
    expect(
      refusalOf(() =>
        planAddonUpgrade(repo, { addon: 'strimzi', to: '0.48.0' }),
      ),
    ).toBe(
      "add-on 'strimzi': no cluster to move to 0.48.0 (sxb-prod-1: already at 0.48.0; uca-prod-1: already at 0.48.0)",
    );
    const odd: GitopsSnapshot = {
      ...repo,
      applicationSets: repo.applicationSets!.map(s =>
        s.name === 'addon-strimzi-data'
          ? {
              ...s,
              template: {
                ...s.template,
                spec: {
                  source: {
                    chart: 'strimzi-kafka-operator',
                    targetRevision: '{{ .values.version }}',
                  },
                },
              },
            }
          : s,
      ),
    };
    expect(
      refusalOf(() =>
        planAddonUpgrade(odd, { addon: 'strimzi', to: '0.49.0' }),
      ),
    ).toContain(
      "ApplicationSet 'addon-strimzi-data': its targetRevision '{{ .values.version }}' is a template the portal does not move",
    );
  });
});

describe('addonUpgradeFileChanges', () => {
  it('moves a wave by its clusters’ labels, the template reading them, comments kept; the repository reads the versions back', async () => {
    const plan = planAddonUpgrade(repo, {
      addon: 'cert-manager',
      to: 'v1.20.0',
      waves: USAGES,
    });
    const [sandbox] = await changesOf(plan);
    expect(Object.keys(sandbox)).toEqual([
      'argocd/addons/apps/cert-manager.yaml',
      'clusters/sxb-sandbox-1.yaml',
    ]);
    expect(sandbox['clusters/sxb-sandbox-1.yaml']).toBe(
      String(tree['clusters/sxb-sandbox-1.yaml']).replace(
        '  talos.dev/version: v1.12.0\n',
        '  talos.dev/version: v1.12.0\n  pc-scol.fr/addon-cert-manager-version: v1.20.0\n',
      ),
    );
    const set = String(tree['argocd/addons/apps/cert-manager.yaml']);
    expect(sandbox['argocd/addons/apps/cert-manager.yaml']).toBe(
      set.replace(
        'targetRevision: v1.19.1',
        `targetRevision: '${addonVersionTemplate('cert-manager', 'v1.19.1')}'`,
      ),
    );

    const after = await read({ ...tree, ...sandbox });
    expect(after.problems).toEqual([]);
    const apps = addonOf(after, 'addon-cert-manager-apps');
    expect(apps.version).toBe('v1.19.1');
    expect(apps.versions).toEqual({
      'sxb-cons-1': 'v1.19.1',
      'sxb-prod-2': 'v1.19.1',
      'sxb-sandbox-1': 'v1.20.0',
      'uca-cons-1': 'v1.19.1',
    });
    const app = apps.applications.find(a => a.cluster === 'sxb-sandbox-1')!;
    expect(app.spec.source).toMatchObject({
      chart: 'cert-manager',
      targetRevision: 'v1.20.0',
    });

    // planned again on the merged wave: that cluster is done
    const again = planAddonUpgrade(after, {
      addon: 'cert-manager',
      to: 'v1.20.0',
      waves: USAGES,
    });
    expect(again.skipped).toEqual([
      { cluster: 'sxb-sandbox-1', reason: 'already at v1.20.0' },
    ]);
  });

  it('gives waves that merge in any order, and together move every cluster', async () => {
    const plan = planAddonUpgrade(repo, {
      addon: 'cert-manager',
      to: 'v1.20.0',
      waves: USAGES,
    });
    const waves = await changesOf(plan);
    const merged: Record<string, string> = {};
    // a file two waves change, they change the same way
    const twice: Array<[string, string]> = [];
    for (const w of [...waves].reverse())
      for (const [f, text] of Object.entries(w)) {
        if (merged[f] !== undefined) twice.push([text, merged[f]]);
        merged[f] = text;
      }
    expect(twice.length).toBe(2); // the apps ApplicationSet, in three waves
    expect(twice.map(([a]) => a)).toEqual(twice.map(([, b]) => b));
    // the data clusters all move in the production wave: their default moves, no label
    expect(Object.keys(waves[2]).sort()).toEqual([
      'argocd/addons/apps/cert-manager.yaml',
      'argocd/addons/data/cert-manager.yaml',
      'clusters/sxb-prod-2.yaml',
    ]);
    expect(waves[2]['argocd/addons/data/cert-manager.yaml']).toContain(
      'targetRevision: v1.20.0',
    );
    const after = await read({ ...tree, ...merged });
    expect(after.problems).toEqual([]);
    for (const a of after.addons!.filter(x => x.name.includes('cert-manager')))
      expect(Object.values(a.versions ?? {})).toEqual(
        a.clusters.map(() => 'v1.20.0'),
      );
    expect(addonOf(after, 'addon-cert-manager-data').version).toBe('v1.20.0');
  });

  it('moves the default and drops the labels when one wave covers every cluster of an ApplicationSet', async () => {
    const first = planAddonUpgrade(repo, {
      addon: 'ingress-nginx',
      to: '4.14.0',
      clusters: ['sxb-sandbox-1'],
    });
    const [one] = await changesOf(first);
    const moved = { ...tree, ...one };
    const s = await read(moved);
    expect(
      addonOf(s, 'addon-ingress-nginx-apps').versions?.['sxb-sandbox-1'],
    ).toBe('4.14.0');
    const all = planAddonUpgrade(s, { addon: 'ingress-nginx', to: '4.14.0' });
    const [every] = await changesOf(all, moved);
    // the sandbox is already there: its label stays, the default moves
    expect(Object.keys(every).sort()).toEqual([
      'argocd/addons/apps/ingress-nginx.yaml',
      'argocd/addons/data/ingress-nginx.yaml',
    ]);
    expect(every['argocd/addons/apps/ingress-nginx.yaml']).toContain(
      'default "4.14.0"',
    );
    const end = await read({ ...moved, ...every });
    expect(end.problems).toEqual([]);
    for (const a of end.addons!.filter(x => x.name.includes('ingress-nginx'))) {
      expect(a.version).toBe('4.14.0');
      expect(new Set(Object.values(a.versions ?? {}))).toEqual(
        new Set(['4.14.0']),
      );
    }
    // moving the sandbox back to the default drops its label
    const back = planAddonUpgrade(s, {
      addon: 'ingress-nginx',
      to: '4.13.3',
      clusters: ['sxb-sandbox-1'],
    });
    const [b] = await changesOf(back, moved);
    expect(Object.keys(b)).toEqual(['clusters/sxb-sandbox-1.yaml']);
    expect(b['clusters/sxb-sandbox-1.yaml']).toBe(
      tree['clusters/sxb-sandbox-1.yaml'],
    );
  });

  it('refuses a file of several documents rather than rewrite it', async () => {
    const t = {
      ...tree,
      'clusters/sxb-sandbox-1.yaml': `${tree['clusters/sxb-sandbox-1.yaml']}---\nother: 1\n`,
    };
    const plan = planAddonUpgrade(repo, {
      addon: 'metrics-server',
      to: '3.14.0',
      clusters: ['sxb-sandbox-1'],
    });
    await expect(changesOf(plan, t)).rejects.toThrow(
      'clusters/sxb-sandbox-1.yaml holds several YAML documents',
    );
  });
});
