import {
  createExtensionTester,
  mockApis,
} from '@backstage/frontend-test-utils';
import {
  coreExtensionData,
  translationApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { PEGASE_ENTITY_TYPES } from '@pcscol/plugin-pegase-common';
import argocdPlugin, {
  argocdAppOfAppsCard,
  argocdComponentFleetCard,
  argocdComponentFleetContent,
  argocdInstanceContent,
  argocdApiRef,
  argocdInstanceOverviewCard,
  argocdTranslationRef,
} from './index';
import { makeComponent, makeInstance } from './__testUtils__';

describe('argocd plugin', () => {
  it('provides the API, three cards and two tabs', () => {
    expect(argocdPlugin.pluginId).toBe('pegase-argocd');
    for (const id of [
      'api:pegase-argocd',
      'entity-card:pegase-argocd/instance-overview',
      'entity-content:pegase-argocd/instance',
      'entity-card:pegase-argocd/app-of-apps',
      'entity-card:pegase-argocd/component-fleet',
      'entity-content:pegase-argocd/component-fleet',
    ]) {
      expect(argocdPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  it('uses ids of its own beside the Community ArgoCD plugins (argocd, plugin.argocd.service)', () => {
    expect(argocdApiRef.id).toBe('plugin.pegase-argocd.service');
    expect(argocdTranslationRef.id).toBe('pegase-argocd');
  });

  it('shows the instance views on instances and the fleet views on sub-chart entities only', () => {
    const instance = makeInstance('unistra-prod');
    const component = makeComponent('pai');
    const plain = { ...makeComponent('other'), metadata: { name: 'other' } };
    const card = createExtensionTester(argocdInstanceOverviewCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(card(instance)).toBe(true);
    expect(card(component)).toBe(false);
    const tab = createExtensionTester(argocdInstanceContent, {
      apis: [[translationApiRef, mockApis.translation()]],
    }).get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(tab(instance)).toBe(true);
    const fleetCard = createExtensionTester(argocdComponentFleetCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(fleetCard(component)).toBe(true);
    expect(fleetCard(instance)).toBe(false);
    expect(fleetCard(plain)).toBe(false);
    const fleetTab = createExtensionTester(argocdComponentFleetContent, {
      apis: [[translationApiRef, mockApis.translation()]],
    });
    expect(
      fleetTab.get(EntityContentBlueprint.dataRefs.filterFunction)!(component),
    ).toBe(true);
    expect(fleetTab.get(coreExtensionData.routePath)).toBe('argocd-fleet');
    const appOfAppsCard = createExtensionTester(argocdAppOfAppsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    const appOfApps = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'instances-production',
        annotations: { 'argocd/app-name': 'instances-production' },
      },
      spec: { type: PEGASE_ENTITY_TYPES.appOfApps, owner: 'ops' },
    };
    expect(appOfAppsCard(appOfApps)).toBe(true);
    expect(appOfAppsCard(instance)).toBe(false);
    // as the catalog module emits it: its own name is its Application's
    expect(
      appOfAppsCard({
        ...appOfApps,
        metadata: { name: 'instances-production', namespace: 'argocd' },
      }),
    ).toBe(true);
    expect(
      appOfAppsCard({ ...appOfApps, spec: { type: 'argocd-applicationset' } }),
    ).toBe(false);
  });
});
