import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { generateFleet } from '@pcscol/demo-fleet';
import {
  directoryFileSource,
  GitopsSnapshot,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';

/** A generated GitOps repository in a temp folder, and its snapshot. */
export async function makeFleet(instances: number, seed = 2026) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-fleet-'));
  generateFleet({ outDir: dir, instances, seed });
  const snapshot = await readGitopsRepository(directoryFileSource(dir), {
    loadOpenApi: false,
  });
  return {
    dir,
    snapshot,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The catalog entities the providers would emit (only what the ArgoCD plugin reads). */
export function entitiesOf(
  snapshot: GitopsSnapshot,
  defaultArgocd = 'admin',
  onlyArgocd?: string,
): Entity[] {
  const chart = snapshot.chart!;
  const refOf = new Map<string, string>();
  const entities: Entity[] = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: 'pegase',
        annotations: { 'pc-scol.fr/chart-version': chart.version },
      },
      spec: { owner: 'group:default/ops' },
    },
  ];
  for (const s of chart.subCharts) {
    const resource =
      s.componentType === 'database' || s.componentType === 'message-broker';
    const kind = resource ? 'Resource' : 'Component';
    refOf.set(s.entityName, `${kind.toLowerCase()}:default/${s.entityName}`);
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: {
        name: s.entityName,
        annotations: {
          'pc-scol.fr/sub-chart': s.chartName,
          'pc-scol.fr/chart-version': s.version,
          ...(s.appVersion ? { 'pc-scol.fr/app-version': s.appVersion } : {}),
          'pc-scol.fr/workload': s.workload,
        },
      },
      spec: {
        type: resource ? 'database-server' : s.componentType,
        owner: s.owner,
        system: 'pegase',
      },
    });
  }
  for (const c of snapshot.clusters) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: c.name,
        annotations: {
          'pc-scol.fr/region': c.region ?? '',
          'pc-scol.fr/usage': c.usage ?? '',
        },
      },
      spec: { type: 'kubernetes-cluster', owner: 'group:default/ops' },
    });
  }
  const clusters = new Map(snapshot.clusters.map(c => [c.name, c]));
  for (const i of snapshot.instances) {
    const dependsOn = [
      `resource:default/${i.cluster}`,
      ...i.components.map(c => refOf.get(c) ?? `component:default/${c}`),
    ];
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: i.name,
        annotations: {
          'argocd/app-name': i.name,
          'pc-scol.fr/argocd-instance':
            onlyArgocd ?? clusters.get(i.cluster)?.argocd ?? defaultArgocd,
          'pc-scol.fr/namespace': i.namespace,
          'pc-scol.fr/chart-version': i.chartVersion,
          'pc-scol.fr/region': i.region ?? '',
          'pc-scol.fr/usage': i.usage ?? '',
          ...(i.university ? { 'pc-scol.fr/university': i.university } : {}),
        },
      },
      spec: {
        type: 'pegase-instance',
        owner: `group:default/${i.owner}`,
        dependsOn,
      },
      relations: dependsOn.map(targetRef => ({ type: 'dependsOn', targetRef })),
    });
  }
  return entities;
}
