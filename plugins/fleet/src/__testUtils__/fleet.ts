import type {
  FleetInstance,
  FleetResponse,
  Rollout,
  RolloutAllowedActions,
  RolloutEvent,
  RolloutInstance,
  RolloutRequest,
  RolloutSummary,
} from '@pcscol/plugin-pegase-common';
import type { FleetApi } from '../api/FleetApi';
import { sampleClusters } from './clusters';

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
    getClusters: jest.fn(async () => sampleClusters()),
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
    listRollouts: jest.fn(async () => [summaryOf(sampleRollout())]),
    planRollout: jest.fn(async request => ({
      to: request.to,
      waves: [
        { name: 'sandbox', instances: [rolloutInstance('univ-c-sbx')] },
        { name: 'construction', instances: [rolloutInstance('univ-b-cons')] },
      ],
      skipped: [{ name: 'univ-a-prod', reason: 'already at 25.1.0' }],
      warnings: [],
      start: { allowed: true },
    })),
    startRollout: jest.fn(async (_request: RolloutRequest) => sampleRollout()),
    getRollout: jest.fn(async (_id: string) => ({
      rollout: sampleRollout(),
      events: sampleEvents(),
      allowed: allowedAll(),
    })),
    pauseRollout: jest.fn(async (_id: string, _reason?: string) => ({
      ...sampleRollout(),
      state: 'paused' as const,
    })),
    resumeRollout: jest.fn(async (_id: string) => sampleRollout()),
    abortRollout: jest.fn(async (_id: string, _reason?: string) => ({
      ...sampleRollout(),
      state: 'aborted' as const,
    })),
    approveWave: jest.fn(async (_id: string, _wave: number) => sampleRollout()),
    rollbackWave: jest.fn(async (_id: string, _wave: number) =>
      sampleRollout(),
    ),
  };
  return api;
}

/**
 * What the backend answers an operator for the sample rollout (running: pause
 * and abort, wave 3 awaiting approval, waves 1 and 2 merged).
 */
export function allowedAll(
  over: Partial<RolloutAllowedActions> = {},
): RolloutAllowedActions {
  return {
    pause: true,
    resume: false,
    abort: true,
    approve: [2],
    rollback: [0, 1],
    ...over,
  };
}

/** What the backend answers a user who may take no action. */
export const ALLOWED_NONE: RolloutAllowedActions = {
  pause: false,
  resume: false,
  abort: false,
  approve: [],
  rollback: [],
};

export const ROLLOUT_ID = '0b6c1a52-3f0e-4d8a-9a61-2f3c4d5e6f70';

/** One instance of a rollout's wave. */
export function rolloutInstance(
  name: string,
  extra: Partial<RolloutInstance> = {},
): RolloutInstance {
  return {
    name,
    entityRef: `resource:default/${name}`,
    file: `instances/${name}/instance.json`,
    cluster: 'sxb-prod-1',
    namespace: name,
    from: '24.3.2',
    ...extra,
  };
}

/**
 * A running rollout to 25.1.0 in three waves: sandbox passed, construction
 * merged and soaking with one alert, production awaiting approval.
 */
export function sampleRollout(extra: Partial<Rollout> = {}): Rollout {
  return {
    id: ROLLOUT_ID,
    targetVersion: '25.1.0',
    selection: { names: ['univ-a-prod', 'univ-b-cons', 'univ-c-sbx'] },
    strategy: { by: 'usage' },
    state: 'running',
    createdBy: 'user:default/jdoe',
    createdAt: '2026-12-06T09:00:00Z',
    updatedAt: '2026-12-06T10:00:00Z',
    waves: [
      {
        index: 0,
        name: 'sandbox',
        state: 'passed',
        instances: [rolloutInstance('univ-c-sbx', { usage: 'sandbox' })],
        changeRequest: {
          forge: 'gitlab',
          branch: 'rollout/25.1.0-w1',
          number: 41,
          url: 'https://gitlab.example/pegase/gitops/-/merge_requests/41',
          state: 'merged',
        },
        gate: {
          result: 'passed',
          reason: 'every instance (1) synced at 25.1.0 and Healthy',
          at: '2026-12-06T09:30:00Z',
          counts: {
            total: 1,
            ready: 1,
            syncing: 0,
            degraded: 0,
            alerting: 0,
            unknown: 0,
          },
        },
        requiresApproval: false,
      },
      {
        index: 1,
        name: 'construction',
        state: 'merged',
        instances: [rolloutInstance('univ-b-cons', { usage: 'construction' })],
        changeRequest: {
          forge: 'gitlab',
          branch: 'rollout/25.1.0-w2',
          number: 42,
          url: 'https://gitlab.example/pegase/gitops/-/merge_requests/42',
          state: 'merged',
        },
        gate: {
          result: 'soaking',
          reason: 'every instance ready; soaking 125 s more',
          // judged now: the page counts the soak's time left from it
          at: new Date().toISOString(),
          counts: {
            total: 1,
            ready: 0,
            syncing: 0,
            degraded: 0,
            alerting: 1,
            unknown: 0,
          },
          soakSecondsLeft: 125,
          holding: ['univ-b-cons: alert PegaseApiErrors (warning)'],
        },
        requiresApproval: false,
      },
      {
        index: 2,
        name: 'production',
        state: 'awaiting-approval',
        instances: [rolloutInstance('univ-a-prod', { usage: 'production' })],
        requiresApproval: true,
      },
    ],
    ...extra,
  };
}

/** The list's shape of a rollout. */
export function summaryOf(rollout: Rollout): RolloutSummary {
  return {
    id: rollout.id,
    targetVersion: rollout.targetVersion,
    state: rollout.state,
    stateReason: rollout.stateReason,
    createdBy: rollout.createdBy,
    createdAt: rollout.createdAt,
    updatedAt: rollout.updatedAt,
    instances: rollout.waves.reduce((n, w) => n + w.instances.length, 0),
    waves: rollout.waves.map(w => ({
      name: w.name,
      state: w.state,
      instances: w.instances.length,
    })),
  };
}

export function sampleEvents(): RolloutEvent[] {
  return [
    {
      id: 1,
      rolloutId: ROLLOUT_ID,
      at: '2026-12-06T09:00:00Z',
      actor: 'user:default/jdoe',
      kind: 'started',
      message: 'started: 3 instances in 3 waves',
    },
    {
      id: 2,
      rolloutId: ROLLOUT_ID,
      waveIndex: 0,
      at: '2026-12-06T09:01:00Z',
      actor: 'system',
      kind: 'change-request-opened',
      message: 'opened gitlab !41',
    },
  ];
}
