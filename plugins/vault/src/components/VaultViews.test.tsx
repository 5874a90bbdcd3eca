import { fireEvent, screen, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { renderEntityView } from '@pcscol/plugin-pegase-react/testUtils';
import type {
  VaultComponentView,
  VaultInstanceView,
} from '@pcscol/plugin-vault-common';
import { VaultApi, vaultApiRef } from '../api/VaultApi';
import { vaultMessages } from '../translations';
import fr from '../translations/fr';
import { InstanceVaultCard } from './InstanceVaultCard';
import { InstanceVaultContent } from './InstanceVaultContent';
import { ComponentVaultCard } from './ComponentVaultCard';

const instance: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'univ-a',
    namespace: 'default',
    annotations: { 'pc-scol.fr/vault-path': 'pegase/univ-a' },
  },
  spec: { type: 'pegase-instance' },
};
const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ins-backend',
    namespace: 'default',
    annotations: { 'pc-scol.fr/sub-chart': 'ins-backend' },
  },
  spec: { type: 'service' },
};

const ui = 'https://vault.example/ui/vault';
const view: VaultInstanceView = {
  entityRef: 'resource:default/univ-a',
  instance: 'univ-a',
  namespace: 'univ-a',
  vaultPath: 'pegase/univ-a',
  cluster: 'prod-1',
  vault: {
    name: 'vault-sxb',
    region: 'eu-sxb-1',
    uiUrl: 'https://vault.example/ui',
  },
  engines: {
    data: [
      {
        path: 'pegase/univ-a/database',
        type: 'database',
        uiUrl: `${ui}/secrets/db/list`,
      },
      {
        path: 'pegase/univ-a/kv',
        type: 'kv',
        version: '2',
        uiUrl: `${ui}/secrets/kv/list`,
      },
    ],
  },
  database: {
    data: {
      mount: 'pegase/univ-a/database',
      connections: [
        {
          name: 'postgres',
          pluginName: 'postgresql-database-plugin',
          connectionUrl:
            'postgresql://{{username}}:{{password}}@pg:5432/postgres',
          allowedRoles: ['*'],
          uiUrl: `${ui}/secrets/db/show/postgres`,
        },
      ],
      staticRoles: [
        {
          name: 'postgres-owner',
          username: 'pegase_owner',
          rotationPeriod: 86400,
          lastVaultRotation: '2026-01-01T00:00:00Z',
          rotationOverdue: true,
          uiUrl: `${ui}/r/owner`,
        },
      ],
      dynamicRoles: [
        {
          name: 'postgres-ro',
          defaultTtl: 3600,
          maxTtl: 0,
          uiUrl: `${ui}/r/ro`,
        },
      ],
    },
  },
  authRole: {
    data: {
      mount: 'kubernetes/prod-1',
      name: 'univ-a',
      boundServiceAccountNames: ['ins-backend'],
      boundServiceAccountNamespaces: ['univ-a'],
      policies: ['univ-a-db'],
      tokenTtl: 3600,
      uiUrl: `${ui}/access/role`,
    },
  },
  policies: {
    error: {
      code: 'sealed',
      message: 'Vault vault-sxb is sealed or unavailable (503)',
      status: 503,
    },
  },
  findings: [
    {
      kind: 'rotation-overdue',
      severity: 'warning',
      subject: 'postgres-owner',
      message: '',
      params: { role: 'postgres-owner', lastRotation: '2026-01-01T00:00:00Z' },
    },
    {
      kind: 'missing-role',
      severity: 'error',
      subject: 'postgres-rw',
      message: '',
      params: { role: 'postgres-rw' },
      uiUrl: `${ui}/secrets/db/list`,
    },
  ],
  upstreamCalls: 12,
  fetchedAt: '2026-01-05T00:00:00Z',
};

function api(overrides: Partial<VaultApi>): VaultApi {
  return {
    getInstance: jest.fn(async () => view),
    getInstanceKv: jest.fn(async () => ({
      entityRef: view.entityRef,
      mount: 'pegase/univ-a/kv',
      vault: view.vault,
      kv: {
        data: [
          {
            name: 'ins-backend',
            uiUrl: 'u',
            keys: [
              {
                path: 'ins-backend/database',
                currentVersion: 3,
                updatedTime: '2026-01-02T00:00:00Z',
                uiUrl: `${ui}/kv/meta`,
              },
            ],
          },
        ],
      },
      upstreamCalls: 3,
      fetchedAt: '',
    })),
    getComponent: jest.fn(),
    ...overrides,
  };
}

const render = (
  element: JSX.Element,
  entity: Entity,
  vaultApi: VaultApi,
  language?: 'fr',
) =>
  renderEntityView(element, {
    entity,
    apis: [[vaultApiRef, vaultApi]],
    language,
  });

/** What the backend answers on a refusal, as the client turns it into an error. */
async function refusal(): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message:
            'vault.instance.read is not allowed on resource:default/univ-a',
        },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'content-type': 'application/json' },
      },
    ),
  );
}

const emptyView: VaultInstanceView = {
  ...view,
  engines: { data: [] },
  database: {
    data: {
      mount: 'm',
      connections: [],
      staticRoles: [],
      dynamicRoles: [],
    },
  },
  findings: [],
};

describe('Vault views', () => {
  it('shows an instance card: engines, connections, roles with rotation and TTL, findings, links, and a part error', async () => {
    const vaultApi = api({});
    render(<InstanceVaultCard />, instance, vaultApi);
    expect(
      await screen.findByTestId('vault-instance-card'),
    ).toBeInTheDocument();
    expect(vaultApi.getInstance).toHaveBeenCalledWith(
      'resource:default/univ-a',
    );
    expect(screen.getByText('pegase/univ-a/kv (kv v2)')).toBeInTheDocument();
    expect(
      screen.getByText(
        'postgresql://{{username}}:{{password}}@pg:5432/postgres',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('postgres-owner').closest('a')).toHaveAttribute(
      'href',
      `${ui}/r/owner`,
    );
    expect(screen.getByText('overdue')).toBeInTheDocument();
    expect(screen.getByText('no max TTL')).toBeInTheDocument();
    expect(screen.getByText('1d')).toBeInTheDocument();
    expect(
      screen.getByText('Expected role postgres-rw is missing.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Static role postgres-owner has not rotated since 2026-01-01 00:00/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/reveal|show secret/i)).toBeNull();
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('shows the tab with the auth role, the KV key names and a per-part error', async () => {
    render(<InstanceVaultContent />, instance, api({}));
    expect(
      await screen.findByTestId('vault-instance-content'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('auth/kubernetes/prod-1/role/univ-a'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Policies: Vault vault-sxb is sealed or unavailable (503)',
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText('ins-backend/database')).toBeInTheDocument();
  });

  it('shows a progress and the loading text while the view loads', async () => {
    render(
      <InstanceVaultCard />,
      instance,
      api({ getInstance: () => new Promise<VaultInstanceView>(() => {}) }),
    );
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(screen.getByText('Loading Vault metadata…')).toBeInTheDocument();
    expect(screen.queryByTestId('vault-instance-card')).toBeNull();
  });

  it('shows a refusal in the error panel with the backend message, and retries', async () => {
    const getInstance = jest
      .fn<Promise<VaultInstanceView>, [string]>()
      .mockImplementationOnce(async () => Promise.reject(await refusal()))
      .mockImplementation(async () => view);
    render(<InstanceVaultCard />, instance, api({ getInstance }));
    expect(
      (
        await screen.findAllByText(
          /vault\.instance\.read is not allowed on resource:default\/univ-a/,
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/Request failed with 403 Forbidden/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByTestId('vault-instance-card')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByTestId('vault-instance-card'),
    ).toBeInTheDocument();
    expect(getInstance).toHaveBeenCalledTimes(2);
  });

  it('shows a failure of the tab and of its KV part', async () => {
    render(
      <InstanceVaultContent />,
      instance,
      api({
        getInstance: async () => Promise.reject(new Error('Vault is down')),
      }),
    );
    expect(
      (await screen.findAllByText(/Vault is down/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByTestId('vault-instance-content')).toBeNull();
  });

  it('shows the empty state: nothing in Vault, or nothing but findings', async () => {
    const empty = await render(
      <InstanceVaultCard />,
      instance,
      api({ getInstance: async () => emptyView }),
    );
    expect(
      await screen.findByText('Nothing in Vault for this entity.'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('vault-instance-card')).toBeNull();
    empty.unmount();
    render(
      <InstanceVaultCard />,
      instance,
      api({
        getInstance: async () => ({
          ...emptyView,
          findings: [view.findings[1]],
        }),
      }),
    );
    const card = await screen.findByTestId('vault-instance-card');
    expect(
      within(card).getByText('Nothing in Vault for this entity.'),
    ).toBeInTheDocument();
    expect(
      within(card).getByText('Expected role postgres-rw is missing.'),
    ).toBeInTheDocument();
  });

  it('says when no instance runs a component', async () => {
    render(
      <ComponentVaultCard />,
      component,
      api({
        getComponent: jest.fn(async () => ({
          entityRef: 'component:default/ins-backend',
          component: 'ins-backend',
          serviceAccount: 'ins-backend',
          sharedWith: [],
          totalInstances: 0,
          offset: 0,
          limit: 20,
          instances: [],
          findings: [],
          upstreamCalls: 1,
          fetchedAt: '',
        })),
      }),
    );
    expect(
      await screen.findByText('No instance runs this component.'),
    ).toBeInTheDocument();
  });

  it('speaks French', async () => {
    render(<InstanceVaultCard />, instance, api({}), 'fr');
    expect(await screen.findByText('Moteurs de secrets')).toBeInTheDocument();
    expect(
      screen.getByText('Le rôle attendu postgres-rw est absent.'),
    ).toBeInTheDocument();
    expect(screen.getByText('en retard')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Métadonnées seulement : le portail n’affiche jamais de valeur secrète.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a component across instances, with pagination', async () => {
    const page = (offset: number): VaultComponentView => ({
      entityRef: 'component:default/ins-backend',
      component: 'ins-backend',
      serviceAccount: 'ins-backend',
      sharedWith: [],
      totalInstances: 3,
      offset,
      limit: 2,
      instances: [
        {
          instance: offset ? 'univ-c' : 'univ-a',
          entityRef: offset
            ? 'resource:default/univ-c'
            : 'resource:default/univ-a',
          namespace: 'x',
          cluster: 'prod-1',
          vault: view.vault,
          authRole: { data: view.authRole.data! },
          bound: true,
          policies: {
            data: [
              {
                name: 'univ-a-debug',
                rules: [{ path: '*', capabilities: ['sudo'] }],
                tooBroad: true,
                uiUrl: `${ui}/policy`,
              },
            ],
          },
          databaseRoles: {
            data: [
              {
                name: 'postgres-rw',
                type: 'static',
                grantedBy: 'univ-a-db: p',
                uiUrl: `${ui}/r/rw`,
              },
            ],
          },
        },
      ],
      findings: [
        {
          kind: 'shared-service-account',
          severity: 'warning',
          subject: 'ins-backend',
          message: '',
          params: { serviceAccount: 'ins-backend', entities: 'a, b' },
        },
      ],
      upstreamCalls: 5,
      fetchedAt: '',
    });
    const getComponent = jest.fn(
      async (_ref: string, p?: { offset?: number }) => page(p?.offset ?? 0),
    );
    render(
      <ComponentVaultCard pageSize={2} />,
      component,
      api({ getComponent }),
    );
    expect(await screen.findByText('univ-a')).toBeInTheDocument();
    expect(screen.getByText('kubernetes/prod-1/univ-a')).toBeInTheDocument();
    expect(screen.getByText('bound')).toBeInTheDocument();
    expect(screen.getByText('postgres-rw').closest('a')).toHaveAttribute(
      'href',
      `${ui}/r/rw`,
    );
    expect(
      screen.getByText('serviceAccount ins-backend is shared by a, b.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Instances 1–2 of 3')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('univ-c')).toBeInTheDocument();
    expect(getComponent).toHaveBeenLastCalledWith(
      'component:default/ins-backend',
      { offset: 2, limit: 2 },
    );
  });

  it('shows the node that answered, a scheduled rotation, an unreadable policy, a selector binding and a cut KV folder (issue 24)', async () => {
    const nodes = {
      node: 'https://vault-2.sxb:8200',
      nodes: [
        { url: 'https://vault-0.sxb:8200', state: 'sealed' as const },
        { url: 'https://vault-1.sxb:8200', state: 'standby' as const },
        { url: 'https://vault-2.sxb:8200', state: 'active' as const },
      ],
    };
    const scheduled: VaultInstanceView = {
      ...view,
      vault: { ...view.vault, ...nodes },
      database: {
        data: {
          ...view.database.data!,
          staticRoles: [
            {
              name: 'mongodb-owner',
              rotationSchedule: '0 2 * * SUN',
              rotationWindow: 7200,
              nextScheduledRotation: '2026-01-11T02:00:00Z',
              lastVaultRotation: '2026-01-04T02:00:00Z',
              rotationOverdue: true,
              uiUrl: `${ui}/r/mo`,
            },
          ],
        },
      },
      policies: {
        data: [
          {
            name: 'broken',
            rules: [],
            parseError: 'policy broken could not be read as HCL or JSON: x',
            tooBroad: false,
            uiUrl: `${ui}/policy/broken`,
          },
        ],
      },
      findings: [
        {
          kind: 'rotation-overdue',
          severity: 'warning',
          subject: 'mongodb-owner',
          message: '',
          params: {
            role: 'mongodb-owner',
            lastRotation: '2026-01-04T02:00:00Z',
            schedule: '0 2 * * SUN',
          },
        },
      ],
    };
    render(
      <InstanceVaultContent />,
      instance,
      api({
        getInstance: jest.fn(async () => scheduled),
        getInstanceKv: jest.fn(async () => ({
          entityRef: view.entityRef,
          mount: 'pegase/univ-a/kv',
          vault: scheduled.vault,
          kv: {
            data: [
              {
                name: 'ins-backend',
                uiUrl: `${ui}/kv`,
                truncated: true,
                keys: [
                  { path: 'ins-backend/smtp/relay/key', uiUrl: `${ui}/k` },
                ],
              },
            ],
          },
          upstreamCalls: 1,
          fetchedAt: '',
        })),
      }),
    );
    expect(
      await screen.findByText(
        'Cluster vault-sxb · node vault-2.sxb:8200 · path pegase/univ-a',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^0 2 \* \* SUN \(UTC, window 2 ?h\), next /),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/missed a rotation of its schedule 0 2 \* \* SUN\.$/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Policy broken could not be read: policy broken could not be read as HCL or JSON: x',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('ins-backend/smtp/relay/key'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Folder ins-backend: the listing stopped at its bounds, some keys are not shown.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a binding by namespace selector and the node that answered, per instance (issue 24)', async () => {
    const nodes = {
      node: 'https://vault-2.sxb:8200',
      nodes: [
        { url: 'https://vault-0.sxb:8200', state: 'sealed' as const },
        { url: 'https://vault-2.sxb:8200', state: 'active' as const },
      ],
    };
    const page: VaultComponentView = {
      entityRef: 'component:default/ins-backend',
      component: 'ins-backend',
      serviceAccount: 'ins-backend',
      sharedWith: [],
      totalInstances: 1,
      offset: 0,
      limit: 20,
      instances: [
        {
          instance: 'univ-b',
          entityRef: 'resource:default/univ-b',
          namespace: 'univ-b',
          cluster: 'prod-1',
          vault: { ...view.vault, ...nodes },
          authRole: {
            data: {
              ...view.authRole.data!,
              name: 'univ-b',
              boundServiceAccountNamespaces: [],
              boundServiceAccountNamespaceSelector:
                '{"matchLabels":{"team":"pegase"}}',
            },
          },
          bound: true,
          binding: 'namespace-selector',
          policies: { data: [] },
          databaseRoles: { data: [] },
        },
      ],
      findings: [],
      upstreamCalls: 1,
      fetchedAt: '',
    };
    render(
      <ComponentVaultCard />,
      component,
      api({ getComponent: jest.fn(async () => page) }),
    );
    expect(
      await screen.findByText('bound by namespace selector'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('vault-sxb · vault-2.sxb:8200 · prod-1'),
    ).toBeInTheDocument();
  });

  it('has a French text for every English message', () => {
    const keys = (o: any, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
      );
    const en = keys(vaultMessages);
    expect(en.length).toBeGreaterThan(50);
    expect(Object.keys(fr).sort()).toEqual([...en].sort());
    expect(
      Object.values(fr).every(v => typeof v === 'string' && v.length > 0),
    ).toBe(true);
  });
});
