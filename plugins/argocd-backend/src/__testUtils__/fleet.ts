import {
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
} from '@pcscol/plugin-pegase-common';
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
import {
  RunningArgocdStandIn,
  startArgocdStandIn,
} from '@pcscol/stand-ins/argocd';

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

/**
 * For the tests of one file: a generated fleet of `instances` and the ArgoCD
 * stand-in serving it (token `admin-token`), started before all and stopped
 * after all. Read the fields from a `beforeAll` or a test.
 */
export function useFleetAndArgocd(instances: number) {
  const peers = {} as {
    fleet: Awaited<ReturnType<typeof makeFleet>>;
    argocd: RunningArgocdStandIn;
  };
  beforeAll(async () => {
    peers.fleet = await makeFleet(instances);
    peers.argocd = await startArgocdStandIn({
      port: 0,
      gitopsDir: peers.fleet.dir,
      token: 'admin-token',
    });
  });
  afterAll(async () => {
    await peers.argocd?.stop();
    peers.fleet?.cleanup();
  });
  return peers;
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
        annotations: { [PEGASE_ANNOTATIONS.chartVersion]: chart.version },
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
          [PEGASE_ANNOTATIONS.subChart]: s.chartName,
          [PEGASE_ANNOTATIONS.chartVersion]: s.version,
          ...(s.appVersion
            ? { [PEGASE_ANNOTATIONS.appVersion]: s.appVersion }
            : {}),
          [PEGASE_ANNOTATIONS.workload]: s.workload,
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
          [PEGASE_ANNOTATIONS.region]: c.region ?? '',
          [PEGASE_ANNOTATIONS.usage]: c.usage ?? '',
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
          [PEGASE_ANNOTATIONS.argocdInstance]:
            onlyArgocd ?? clusters.get(i.cluster)?.argocd ?? defaultArgocd,
          [PEGASE_ANNOTATIONS.namespace]: i.namespace,
          [PEGASE_ANNOTATIONS.chartVersion]: i.chartVersion,
          [PEGASE_ANNOTATIONS.region]: i.region ?? '',
          [PEGASE_ANNOTATIONS.usage]: i.usage ?? '',
          ...(i.university
            ? { [PEGASE_ANNOTATIONS.university]: i.university }
            : {}),
        },
      },
      spec: {
        type: PEGASE_INSTANCE_TYPE,
        owner: `group:default/${i.owner}`,
        dependsOn,
      },
      relations: dependsOn.map(targetRef => ({ type: 'dependsOn', targetRef })),
    });
  }
  return entities;
}
