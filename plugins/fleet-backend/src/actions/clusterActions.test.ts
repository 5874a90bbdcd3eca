import { pegaseFleetReadPermission } from '@pcscol/plugin-pegase-common';
import {
  addonStatus,
  makeAddonEntity,
  makeClusterEntity,
} from '../services/__testUtils__/clusterEntities';
import { assembleClusterMatrix } from '../services/clusterMatrix';
import type { ClusterMatrixService } from '../services/ClusterMatrixService';
import { registerClusterActions } from './clusterActions';
import { clusterActionExamples } from './clusterExamples';

/** A fleet like the demo's: apps clusters that disagree on Kubernetes, a data cluster. */
function matrix() {
  const clusters = [
    makeClusterEntity('sxb-cons-1', {
      usage: 'construction',
      clusterType: 'apps',
      kubernetesVersion: 'v1.34.2',
      talosVersion: 'v1.12.0',
    }),
    makeClusterEntity('sxb-prod-2', {
      clusterType: 'apps',
      kubernetesVersion: 'v1.33.5',
      talosVersion: 'v1.11.5',
    }),
    makeClusterEntity('uca-prod-1', {
      region: 'fr-cfe-uca',
      clusterType: 'data',
      kubernetesVersion: 'v1.33.5',
      talosVersion: 'v1.11.5',
    }),
  ];
  const apps = makeAddonEntity('cert-manager', {
    version: 'v1.19.1',
    clusters: ['sxb-cons-1', 'sxb-prod-2'],
  });
  const data = makeAddonEntity('cert-manager', {
    version: 'v1.19.1',
    clusterType: 'data',
    clusters: ['uca-prod-1'],
  });
  const velero = makeAddonEntity('velero', {
    version: '11.1.1',
    clusters: ['sxb-cons-1', 'sxb-prod-2'],
  });
  return assembleClusterMatrix({
    clusters,
    addons: [apps, data, velero],
    argocd: {
      available: true,
      items: [
        addonStatus(apps, 'sxb-cons-1'),
        addonStatus(apps, 'sxb-prod-2', {
          sync: 'OutOfSync',
          liveVersion: 'v1.19.0',
        }),
        addonStatus(data, 'uca-prod-1'),
        addonStatus(velero, 'sxb-cons-1', { health: 'Degraded' }),
        addonStatus(velero, 'sxb-prod-2'),
      ],
    },
    now: new Date('2026-12-07T10:00:00Z'),
  });
}

function registered() {
  const actions: any[] = [];
  registerClusterActions({
    actionsRegistry: { register: (a: any) => actions.push(a) } as any,
    clusters: {
      matrix: async () => matrix(),
    } as unknown as ClusterMatrixService,
  });
  return actions[0];
}

const run = async (input: Record<string, unknown>) =>
  (await registered().action({ input })).output;

describe('the clusters action', () => {
  it('is read-only, behind pegase.fleet.read, with its examples', () => {
    const action = registered();
    expect(action.name).toBe('clusters');
    expect(action.visibilityPermission).toBe(pegaseFleetReadPermission);
    expect(action.attributes).toEqual({
      readOnly: true,
      idempotent: true,
      destructive: false,
    });
    expect(action.examples).toBe(clusterActionExamples.clusters);
  });

  it('answers the example on problems: only the clusters concerned, with their problems', async () => {
    const out = await run(clusterActionExamples.clusters[0].input);
    expect(out.clusters.map((c: any) => c.name)).toEqual([
      'sxb-cons-1',
      'sxb-prod-2',
    ]);
    expect(out.problems.map((p: any) => p.kind).sort()).toEqual([
      'addon-degraded',
      'addon-out-of-sync',
      'addon-version-skew',
      'kubernetes-skew',
      'talos-skew',
    ]);
    expect(out.problems.every((p: any) => p.uiUrl === undefined)).toBe(true);
  });

  it('answers the example on one add-on in production: its versions there', async () => {
    const out = await run(clusterActionExamples.clusters[1].input);
    expect(out.clusters.map((c: any) => c.name)).toEqual([
      'sxb-prod-2',
      'uca-prod-1',
    ]);
    expect(out.clusters.flatMap((c: any) => c.addons)).toEqual([
      expect.objectContaining({
        addon: 'cert-manager',
        liveVersion: 'v1.19.0',
        sync: 'OutOfSync',
      }),
      expect.objectContaining({
        addon: 'cert-manager',
        liveVersion: 'v1.19.1',
      }),
    ]);
    // a skew needs two kept clusters of one type: none is left
    expect(out.problems.map((p: any) => p.kind)).toEqual(['addon-out-of-sync']);
  });

  it('answers the example on a type and region: the skews among those clusters', async () => {
    const out = await run(clusterActionExamples.clusters[2].input);
    expect(out.clusters.map((c: any) => c.kubernetesVersion)).toEqual([
      'v1.34.2',
      'v1.33.5',
    ]);
    expect(
      out.problems.find((p: any) => p.kind === 'kubernetes-skew').versions,
    ).toEqual([
      { version: 'v1.33.5', clusters: ['sxb-prod-2'] },
      { version: 'v1.34.2', clusters: ['sxb-cons-1'] },
    ]);
  });

  it('validates its input, naming the field', () => {
    const { z } = require('zod');
    const schema = registered().schema.input(z);
    const bad = schema.safeParse({ usage: 'staging' });
    expect(bad.success).toBe(false);
    expect(bad.error.issues[0].path).toEqual(['usage']);
  });
});
