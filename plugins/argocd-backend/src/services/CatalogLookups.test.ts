import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import { CatalogLookups } from './CatalogLookups';
import { SharedCache } from './SharedCache';

const component = (name: string, workload: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      [PEGASE_ANNOTATIONS.subChart]: name,
      [PEGASE_ANNOTATIONS.workload]: workload,
      [PEGASE_ANNOTATIONS.chartVersion]: '3.1.0',
    },
  },
  spec: { type: 'service', owner: 'group:default/ops' },
});

describe('CatalogLookups.componentsOf', () => {
  it('finds the components of refs written without a namespace, as the GitOps provider writes them', async () => {
    const instance: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'uca-prod',
        namespace: 'default',
        annotations: {
          [PEGASE_ANNOTATIONS.subChartVersions]: '{"authn-app":"3.0.2"}',
        },
      },
      // `component:authn-app`: the catalog answers such a ref with null
      spec: {
        type: 'pegase-instance',
        dependsOn: ['component:authn-app', 'ref', 'resource:uca-prod-1'],
      },
    };
    const lookups = new CatalogLookups(
      catalogServiceMock({
        entities: [
          component('authn-app', 'authn'),
          component('ref', 'ref-api'),
          instance,
        ],
      }),
      new SharedCache(mockServices.cache.mock()),
      60,
    );
    const found = await lookups.componentsOf(
      instance,
      mockCredentials.user(),
      '25.0.0',
    );
    expect(found).toEqual([
      {
        name: 'authn-app',
        workload: 'authn',
        subChart: 'authn-app',
        expectedVersion: '3.0.2',
      },
      { name: 'ref', workload: 'ref-api', subChart: 'ref' },
    ]);
  });
});
