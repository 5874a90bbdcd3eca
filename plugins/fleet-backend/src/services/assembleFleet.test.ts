import {
  isoDaysFromToday,
  makeInstanceEntity,
} from '@pcscol/plugin-pegase-common/testUtils';
import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import { assembleFleet, subChartAcrossFleet } from './assembleFleet';

const now = new Date();

describe('assembleFleet', () => {
  const instances = [
    makeInstanceEntity('univ-a-prod', { chartVersion: '25.1.0' }),
    makeInstanceEntity('univ-b-prod', { chartVersion: '24.3.2' }),
    makeInstanceEntity('univ-c-sbx', {
      chartVersion: '25.1.0',
      usage: 'sandbox',
      ttl: isoDaysFromToday(-2),
    }),
    makeInstanceEntity('univ-d-sbx', {
      chartVersion: '25.0.4',
      usage: 'sandbox',
      ttl: isoDaysFromToday(3),
    }),
  ];
  const fleet = assembleFleet({
    instances,
    releases: ['24.3.2', '25.1.0', '25.0.4'],
    argocd: {
      available: true,
      items: [
        {
          entityRef: 'resource:default/univ-a-prod',
          sync: 'OutOfSync',
          health: 'Degraded',
          liveVersion: '25.0.4',
          uiUrl: 'https://argocd.example/applications/univ-a-prod',
        },
        {
          entityRef: 'resource:default/univ-b-prod',
          sync: 'Synced',
          health: 'Healthy',
          liveVersion: '24.3.2',
        },
      ],
    },
    now,
  });

  it('lists every instance with its problems, sorted by name', () => {
    expect(fleet.instances.map(i => [i.name, i.problems])).toEqual([
      ['univ-a-prod', ['degraded', 'out-of-sync', 'version-drift']],
      ['univ-b-prod', []],
      ['univ-c-sbx', ['ttl-expired']],
      ['univ-d-sbx', ['ttl-expiring']],
    ]);
    expect(fleet.instances[0].argocd?.uiUrl).toBe(
      'https://argocd.example/applications/univ-a-prod',
    );
    expect(fleet.instances[2].argocd).toBeUndefined();
  });

  it('lists a failed or errored last sync as a problem, even on a Synced and Healthy app', () => {
    const withFailed = assembleFleet({
      instances: [
        makeInstanceEntity('univ-e-prod', { chartVersion: '25.1.0' }),
      ],
      releases: ['25.1.0'],
      argocd: {
        available: true,
        items: [
          {
            entityRef: 'resource:default/univ-e-prod',
            sync: 'Synced',
            health: 'Healthy',
            liveVersion: '25.1.0',
            failedOperation: {
              phase: 'Failed',
              finishedAt: '2026-12-07T10:00:00Z',
            },
          },
        ],
      },
      now,
    });
    expect(withFailed.instances[0].problems).toEqual(['operation-failed']);
    expect(withFailed.instances[0].argocd?.failedOperation).toEqual({
      phase: 'Failed',
      finishedAt: '2026-12-07T10:00:00Z',
    });
  });

  it('says how far each instance is behind the newest release', () => {
    expect(fleet.latest).toBe('25.1.0');
    expect(fleet.releases).toEqual(['25.1.0', '25.0.4', '24.3.2']);
    const behind = Object.fromEntries(
      fleet.instances.map(i => [i.name, i.behind]),
    );
    expect(behind['univ-a-prod']).toEqual({ majors: 0, minors: 0, patches: 0 });
    expect(behind['univ-b-prod']).toEqual({ majors: 1, minors: 0, patches: 0 });
    expect(behind['univ-d-sbx']).toEqual({ majors: 0, minors: 1, patches: 0 });
  });

  it('counts instances per declared version, newest first', () => {
    expect(fleet.versions).toEqual([
      { version: '25.1.0', count: 2 },
      { version: '25.0.4', count: 1 },
      { version: '24.3.2', count: 1 },
    ]);
  });

  it('says when ArgoCD could not be read, and keeps the rows', () => {
    const without = assembleFleet({
      instances,
      releases: [],
      argocd: {
        available: false,
        message: 'argocd: no answer within 5000 ms',
        items: [],
      },
      now,
    });
    expect(without.argocd).toEqual({
      available: false,
      message: 'argocd: no answer within 5000 ms',
    });
    expect(without.instances).toHaveLength(4);
    expect(without.instances.every(i => i.behind === undefined)).toBe(true);
  });
});

describe('subChartAcrossFleet', () => {
  it('groups instances by the version of the component they run, and lists those that disable it', () => {
    const view = subChartAcrossFleet('ins', [
      makeInstanceEntity('a', { subChartVersions: { ins: '7.9.1' } }),
      makeInstanceEntity('b', { subChartVersions: { ins: '7.10.0' } }),
      makeInstanceEntity('c', { subChartVersions: { ins: '7.9.1' } }),
      makeInstanceEntity('d', {
        subChartVersions: { ins: '7.9.1' },
        annotations: { [PEGASE_ANNOTATIONS.disabledComponents]: 'ins' },
      }),
      makeInstanceEntity('e', { subChartVersions: 'not json' }),
    ]);
    expect(view).toEqual({
      entityName: 'ins',
      versions: [
        { version: '7.10.0', instances: ['b'] },
        { version: '7.9.1', instances: ['a', 'c'] },
      ],
      disabledIn: ['d'],
    });
  });
});
