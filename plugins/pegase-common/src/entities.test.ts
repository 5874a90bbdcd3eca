import type { Entity } from '@backstage/catalog-model';
import {
  addonApplicationsOf,
  addonVersionOf,
  appOfAppsChildrenOf,
  argocdObjectEntityRef,
  clusterAddonEntityRef,
  dependsOnRefs,
  disabledComponentsOf,
  instanceClusterRef,
  isApplicationSet,
  isAppOfApps,
  isArgocdManagedInstance,
  isClusterAddon,
  isPegaseCluster,
  isPegaseInstance,
  isPegaseSubChart,
  parseSubChartVersions,
  serviceAccountOf,
  workloadOf,
} from './entities';
import { PEGASE_ANNOTATIONS } from './annotations';

const entity = (
  kind: string,
  type: string | undefined,
  annotations: Record<string, string> = {},
  extra: Partial<Entity> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', annotations },
  spec: type ? { type } : {},
  ...extra,
});

describe('predicates', () => {
  it('tells an instance, a cluster and a sub-chart apart', () => {
    const instance = entity('Resource', 'pegase-instance', {
      [PEGASE_ANNOTATIONS.subChart]: 'odd', // an instance never counts as a sub-chart
    });
    const cluster = entity('Resource', 'kubernetes-cluster');
    const component = entity('Component', 'service', {
      [PEGASE_ANNOTATIONS.subChart]: 'ins',
    });
    const broker = entity('resource', 'message-broker', {
      [PEGASE_ANNOTATIONS.subChart]: 'kafka',
    });
    expect(
      [instance, cluster, component, broker].map(isPegaseInstance),
    ).toEqual([true, false, false, false]);
    expect([instance, cluster, component, broker].map(isPegaseCluster)).toEqual(
      [false, true, false, false],
    );
    expect(
      [instance, cluster, component, broker].map(isPegaseSubChart),
    ).toEqual([false, false, true, true]);
    expect(
      isPegaseSubChart(
        entity('API', 'openapi', { [PEGASE_ANNOTATIONS.subChart]: 'a' }),
      ),
    ).toBe(false);
  });

  it('tells a cluster add-on and reads the Application of each cluster it targets', () => {
    const addon = entity('Resource', 'cluster-addon', {
      [PEGASE_ANNOTATIONS.addonApplications]:
        '{"sxb-cons-1":"cert-manager-sxb-cons-1","bad":3}',
    });
    expect(isClusterAddon(addon)).toBe(true);
    expect(isClusterAddon(entity('Resource', 'kubernetes-cluster'))).toBe(
      false,
    );
    expect(addonApplicationsOf(addon)).toEqual({
      'sxb-cons-1': 'cert-manager-sxb-cons-1',
    });
    const broken = entity('Resource', 'cluster-addon', {
      [PEGASE_ANNOTATIONS.addonApplications]: '{not json',
    });
    expect(addonApplicationsOf(broken)).toEqual({});
    const moved = entity('Resource', 'cluster-addon', {
      [PEGASE_ANNOTATIONS.chartVersion]: 'v1.19.1',
      [PEGASE_ANNOTATIONS.addonVersions]: '{"sxb-sbx-1":"v1.20.0"}',
    });
    expect(addonVersionOf(moved, 'sxb-sbx-1')).toBe('v1.20.0');
    expect(addonVersionOf(moved, 'sxb-prod-1')).toBe('v1.19.1');
  });

  it('tells the ArgoCD objects apart, names their refs and reads an app-of-apps children', () => {
    const appset = entity('Resource', 'argocd-applicationset');
    const aoa = entity('Resource', 'argocd-app-of-apps', {
      [PEGASE_ANNOTATIONS.appOfAppsChildren]: 'addon-a, addon-b,,',
    });
    expect(isApplicationSet(appset)).toBe(true);
    expect(isApplicationSet(aoa)).toBe(false);
    expect(isAppOfApps(aoa)).toBe(true);
    expect(isAppOfApps(entity('Component', 'argocd-app-of-apps'))).toBe(false);
    expect(appOfAppsChildrenOf(aoa)).toEqual(['addon-a', 'addon-b']);
    expect(appOfAppsChildrenOf(appset)).toEqual([]);
    expect(argocdObjectEntityRef('pegase-instances')).toBe(
      'resource:argocd/pegase-instances',
    );
    expect(clusterAddonEntityRef('addon-cert-manager-apps')).toBe(
      'resource:default/addon-cert-manager-apps',
    );
  });

  it('needs argocd/app-name for an ArgoCD-managed instance', () => {
    expect(isArgocdManagedInstance(entity('Resource', 'pegase-instance'))).toBe(
      false,
    );
    expect(
      isArgocdManagedInstance(
        entity('Resource', 'pegase-instance', { 'argocd/app-name': 'x' }),
      ),
    ).toBe(true);
  });
});

describe('component names', () => {
  it('defaults workload and serviceAccount to the entity name, ignoring blanks', () => {
    expect(workloadOf(entity('Component', 'service'))).toBe('x');
    expect(
      workloadOf(
        entity('Component', 'service', { [PEGASE_ANNOTATIONS.workload]: ' ' }),
      ),
    ).toBe('x');
    expect(
      workloadOf(
        entity('Component', 'service', {
          [PEGASE_ANNOTATIONS.workload]: 'ins-api',
        }),
      ),
    ).toBe('ins-api');
    expect(
      serviceAccountOf(
        entity('Component', 'service', {
          [PEGASE_ANNOTATIONS.serviceAccount]: 'sa',
        }),
      ),
    ).toBe('sa');
  });

  it('splits the disabled components', () => {
    expect(
      disabledComponentsOf(
        entity('Resource', 'pegase-instance', {
          [PEGASE_ANNOTATIONS.disabledComponents]: 'a, b,,c',
        }),
      ),
    ).toEqual(['a', 'b', 'c']);
    expect(disabledComponentsOf(entity('Resource', 'pegase-instance'))).toEqual(
      [],
    );
  });
});

describe('parseSubChartVersions', () => {
  it('reads a JSON object and refuses anything else', () => {
    expect(parseSubChartVersions(undefined)).toBeUndefined();
    expect(parseSubChartVersions('{"ins":"7.9.1","n":3}')).toEqual({
      ins: '7.9.1',
      n: '3',
    });
    expect(parseSubChartVersions('[1]')).toBe('invalid');
    expect(parseSubChartVersions('{')).toBe('invalid');
  });
});

describe('relations', () => {
  it('prefers stored relations, falls back to spec.dependsOn', () => {
    const stored = entity(
      'Resource',
      'pegase-instance',
      {},
      {
        relations: [
          { type: 'dependsOn', targetRef: 'component:default/ins' },
          { type: 'ownedBy', targetRef: 'group:default/ops' },
        ],
      },
    );
    expect(dependsOnRefs(stored)).toEqual(['component:default/ins']);
    const fresh = entity('Resource', 'pegase-instance');
    fresh.spec = { dependsOn: ['resource:c1', 'Component:ins', 'nokind', 3] };
    expect(dependsOnRefs(fresh)).toEqual([
      'resource:default/c1',
      'component:default/ins',
    ]);
  });

  it('names the cluster of an instance', () => {
    expect(
      instanceClusterRef(
        entity('Resource', 'pegase-instance', {
          [PEGASE_ANNOTATIONS.cluster]: 'c1',
        }),
      ),
    ).toBe('resource:default/c1');
    expect(
      instanceClusterRef(entity('Resource', 'pegase-instance')),
    ).toBeUndefined();
  });
});
