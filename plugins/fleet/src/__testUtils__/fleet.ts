import type {
  FleetInstance,
  FleetResponse,
} from '@pcscol/plugin-pegase-common';
import type { FleetApi } from '../api/FleetApi';

/** One fleet row, with defaults. */
export function fleetInstance(
  name: string,
  extra: Partial<FleetInstance> = {},
): FleetInstance {
  return {
    entityRef: `resource:default/${name}`,
    name,
    region: 'eu-sxb-1',
    usage: 'production',
    cluster: 'sxb-prod-1',
    university: `Université ${name}`,
    owner: 'group:default/ops',
    chartVersion: '25.1.0',
    ttlState: 'none',
    disabledComponents: [],
    problems: [],
    ...extra,
  };
}

/** A small fleet: one degraded production, one old construction, one expired sandbox. */
export function sampleFleet(): FleetResponse {
  const instances = [
    fleetInstance('univ-a-prod', {
      argocd: {
        sync: 'OutOfSync',
        health: 'Degraded',
        liveVersion: '25.0.4',
        uiUrl: 'https://argocd.example/applications/univ-a-prod',
      },
      problems: ['degraded', 'out-of-sync', 'version-drift'],
      behind: { majors: 0, minors: 0, patches: 0 },
    }),
    fleetInstance('univ-b-cons', {
      usage: 'construction',
      cluster: 'sxb-cons-1',
      chartVersion: '24.3.2',
      behind: { majors: 1, minors: 0, patches: 0 },
    }),
    fleetInstance('univ-c-sbx', {
      usage: 'sandbox',
      region: 'eu-par-1',
      cluster: 'par-sbx-1',
      ttl: '2026-11-01',
      ttlState: 'expired',
      problems: ['ttl-expired'],
    }),
  ];
  return {
    generatedAt: '2026-12-06T00:00:00Z',
    latest: '25.1.0',
    releases: ['25.1.0', '25.0.4', '24.3.2'],
    instances,
    versions: [
      { version: '25.1.0', count: 2 },
      { version: '24.3.2', count: 1 },
    ],
    argocd: { available: true },
  };
}

/** A FleetApi answering from fixed data, recording its calls. */
export function mockFleetApi(fleet: FleetResponse = sampleFleet()) {
  const api: jest.Mocked<FleetApi> = {
    getFleet: jest.fn(async () => fleet),
    getSubChart: jest.fn(async (entityName: string) => ({
      entityName,
      versions: [
        { version: '7.10.0', instances: ['univ-a-prod'] },
        { version: '7.9.1', instances: ['univ-b-cons'] },
      ],
      disabledIn: ['univ-c-sbx'],
    })),
    getReleaseDiff: jest.fn(async (from: string, to: string) => ({
      from,
      to,
      added: [{ entityName: 'new-api', version: '1.0.0' }],
      removed: [],
      changed: [{ entityName: 'ins', from: '7.9.1', to: '7.10.0' }],
      unchanged: 54,
    })),
  };
  return api;
}
