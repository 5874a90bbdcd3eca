import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  IdentityPermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { makeInstanceEntity } from '@pcscol/plugin-pegase-common/testUtils';
import { AUTHORIZE_BATCH } from './authorizeEach';
import { PegaseInstancePicker } from './fields';

/*
 * The app's own permission API (IdentityPermissionApi over PermissionClient)
 * against an HTTP server answering POST /authorize as the permission backend
 * does ({ items: [{ id, result }] }, plugin-permission-backend's router at
 * the installed 0.x): a fleet of hundreds of instances is decided in a few
 * requests of at most AUTHORIZE_BATCH items each.
 */
describe('asking the permission framework in batches', () => {
  let server: Server;
  let baseUrl: string;
  const requestSizes: number[] = [];
  const tokens = new Set<string | undefined>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => {
        const { items } = JSON.parse(body) as {
          items: { id: string; resourceRef: string }[];
        };
        requestSizes.push(items.length);
        tokens.add(req.headers.authorization);
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            items: items.map(i => ({
              id: i.id,
              // even-numbered instances only
              result: /-\d*[02468]$/.test(i.resourceRef) ? 'ALLOW' : 'DENY',
            })),
          }),
        );
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('lists 250 instances in 3 requests and offers the 125 allowed', async () => {
    const permissionApi = IdentityPermissionApi.create({
      config: mockApis.config({ data: { permission: { enabled: true } } }),
      discovery: { getBaseUrl: async () => baseUrl },
      identity: mockApis.identity({ token: 'user-token' }),
    });
    const entities = Array.from({ length: 250 }, (_, i) =>
      makeInstanceEntity(`univ-${i}`),
    );
    renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalogApiMock({ entities })],
          [permissionApiRef, permissionApi],
        ]}
      >
        <PegaseInstancePicker
          {...({
            onChange: jest.fn(),
            schema: { type: 'string', title: 'Instance to upgrade' },
            uiSchema: {
              'ui:options': { permission: 'pegase.instance.upgrade' },
            },
            idSchema: { $id: 'root_instance' },
          } as any)}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('125 choices you may make (of 250)', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(AUTHORIZE_BATCH).toBe(100);
    expect(requestSizes).toEqual([100, 100, 50]);
    // decided for the signed-in user, as the backend decides when it runs
    expect([...tokens]).toEqual(['Bearer user-token']);

    const input = screen.getByRole('textbox', { name: /Instance to upgrade/ });
    await waitFor(() => expect(input).not.toBeDisabled());
    await userEvent.type(input, 'univ-24');
    const names = within(await screen.findByRole('listbox'))
      .getAllByRole('option')
      .map(o => o.textContent);
    // univ-24 and univ-240…248 (even), not the odd ones
    expect(names).toEqual([
      'univ-24',
      'univ-240',
      'univ-242',
      'univ-244',
      'univ-246',
      'univ-248',
    ]);
    // rendering 250 options of MUI's Autocomplete takes ~5 s on a busy 2-core
    // machine: more than Jest's default per test
  }, 60_000);
});
