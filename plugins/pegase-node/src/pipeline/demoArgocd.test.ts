import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { directoryFileSource } from '../source/sources';
import { readGitopsRepository } from '../read';

const demo = resolve(__dirname, '../../../../catalog/demo-gitops');

describe('the demo repository as ArgoCD reads it', () => {
  it("finds the inventory through the instances ApplicationSets and renders each instance's Application", async () => {
    expect(existsSync(join(demo, 'argocd'))).toBe(true);
    const s = await readGitopsRepository(directoryFileSource(demo));
    expect(s.problems).toEqual([]);
    expect(s.inventory?.source).toBe('applicationsets');
    expect(s.inventory?.applicationSets).toEqual([
      'pegase-construction',
      'pegase-instances',
      'pegase-sandboxes',
    ]);
    expect(s.instances).toHaveLength(50);
    const apps = s.generatedApplications ?? [];
    expect(apps.map(a => a.instance)).toEqual(s.instances.map(i => i.name));
    for (const i of s.instances) {
      const app = apps.find(a => a.instance === i.name)!;
      expect(app.applicationSet).toBe(
        {
          production: 'pegase-instances',
          construction: 'pegase-construction',
          sandbox: 'pegase-sandboxes',
        }[i.usage!],
      );
      expect(app.metadata.labels).toMatchObject({
        'pc-scol.fr/region': i.region,
        'pc-scol.fr/usage': i.usage,
        'pc-scol.fr/cluster': i.cluster,
      });
      expect(app.spec.destination).toEqual({
        name: i.cluster,
        namespace: i.namespace,
      });
      const [chart] = app.spec.sources as any[];
      expect(chart.targetRevision).toBe(i.chartVersion);
      expect(chart.helm.valueFiles).toEqual([`$values/${i.valuesFile}`]);
    }
  });

  it("matches the add-on ApplicationSets against the clusters, and lists each app-of-apps' children", async () => {
    const s = await readGitopsRepository(directoryFileSource(demo));
    const addons = s.addons ?? [];
    expect(addons).toHaveLength(18);
    const of = (name: string) => addons.find(a => a.name === name)!;
    expect(of('addon-strimzi-data').clusters).toEqual([
      'sxb-prod-1',
      'uca-prod-1',
    ]);
    expect(of('addon-external-dns-apps').clusters).toEqual([
      'sxb-cons-1',
      'sxb-prod-2',
      'sxb-sandbox-1',
    ]);
    expect(of('addon-velero-apps').clusters).not.toContain('sxb-sandbox-1');
    // every cluster gets every add-on of its type, at one version
    for (const c of s.clusters) {
      const mine = addons.filter(a => a.clusters.includes(c.name));
      expect(new Set(mine.map(a => a.clusterType))).toEqual(
        new Set([c.labels['pc-scol.fr/cluster-type']]),
      );
      expect(mine.every(a => a.version)).toBe(true);
      expect(c.kubernetesVersion).toMatch(/^v1\.\d+\.\d+$/);
      expect(c.talosVersion).toBe(c.labels['talos.dev/version']);
    }
    const aoa = (s.applications ?? []).find(a => a.name === 'addons-data')!;
    expect(aoa.children).toHaveLength(10);
    expect(
      (s.applications ?? []).find(a => a.name === 'instances-sandbox')!
        .children,
    ).toEqual(['pegase-sandboxes']);
  });
});
