import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  isPegaseInstance,
  isPegaseSubChart,
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
} from '@pcscol/plugin-pegase-common';
import { makeInstanceEntity as makeInstance } from '@pcscol/plugin-pegase-common/testUtils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import pegasePlugin, {
  pegaseInstanceCard,
  pegaseInstancePicker,
  pegaseOwnerPicker,
  pegaseSubChartCard,
  pegaseTranslationsModule,
} from './index';
import { makeOwnedSubChart as makeSubChart } from './__testUtils__';

describe('pegase plugin', () => {
  it('provides the two entity cards', () => {
    expect(pegasePlugin.pluginId).toBe('pegase');
    const ids = ['entity-card:pegase/instance', 'entity-card:pegase/sub-chart'];
    for (const id of ids) {
      expect(pegasePlugin.getExtension(id as any)).toBeDefined();
    }
  });

  it('provides the two scaffolder fields, attached to the scaffolder form fields', async () => {
    for (const [ext, id] of [
      [pegaseInstancePicker, 'scaffolder-form-field:pegase/instance-picker'],
      [pegaseOwnerPicker, 'scaffolder-form-field:pegase/owner-picker'],
    ] as const) {
      expect(pegasePlugin.getExtension(id as any)).toBeDefined();
      const load = createExtensionTester(
        ext as typeof pegaseInstancePicker,
      ).get(FormFieldBlueprint.dataRefs.formFieldLoader);
      expect(await load()).toMatchObject({
        $$type: '@backstage/scaffolder/FormField',
      });
    }
  });

  it('shows each card only on the matching entities', () => {
    const instance = makeInstance('unistra-prod');
    const subChart = makeSubChart('pegase-core');
    const cluster = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'sxb-prod-1',
        annotations: { [PEGASE_ANNOTATIONS.region]: 'eu-sxb-1' },
      },
      spec: { type: PEGASE_ENTITY_TYPES.cluster },
    };
    const kafka = {
      ...makeSubChart('kafka'),
      kind: 'Resource',
      spec: { type: 'message-broker', owner: 'ops' },
    };
    const plain = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'other' },
      spec: { type: 'service' },
    };
    expect(isPegaseInstance(instance)).toBe(true);
    expect(isPegaseSubChart(instance)).toBe(false);
    expect(isPegaseSubChart(subChart)).toBe(true);
    expect(isPegaseSubChart(kafka)).toBe(true);
    for (const e of [subChart, cluster, kafka, plain]) {
      expect(isPegaseInstance(e)).toBe(false);
    }
    expect(isPegaseSubChart(cluster)).toBe(false);
    expect(isPegaseSubChart(plain)).toBe(false);

    const filter = createExtensionTester(pegaseInstanceCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter!(instance)).toBe(true);
    expect(filter!(subChart)).toBe(false);
    const tester = createExtensionTester(pegaseSubChartCard);
    expect(
      tester.get(EntityCardBlueprint.dataRefs.filterFunction)!(kafka),
    ).toBe(true);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
  });

  it('renders the instance card on an instance page', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({
          entity: makeInstance('unistra-prod', {
            subChartVersions: { kafka: '1.2.0' },
          }),
        }),
        pegaseInstanceCard,
        pegaseSubChartCard,
      ],
      apis: [catalogApiMock()],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByText('Pégase instance')).toBeInTheDocument();
    expect(screen.queryByText('Pégase sub-chart')).not.toBeInTheDocument();
    expect(screen.getByText('eu-sxb-1')).toBeInTheDocument();
  });

  it('its app module installs the French resource without app errors', async () => {
    renderTestApp({
      features: [pegaseTranslationsModule],
      extensions: [
        createTestEntityPage({ entity: makeSubChart('pegase-core') }),
        pegaseSubChartCard,
      ],
      apis: [
        catalogApiMock(),
        mockApis.appLanguage({
          defaultLanguage: 'fr',
          availableLanguages: ['en', 'fr'],
        }),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByText('Sous-chart Pégase')).toBeInTheDocument();
    expect(
      await screen.findByText('Aucune instance ne déploie cette sous-chart.'),
    ).toBeInTheDocument();
  });
});
