import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';
import { makeInstanceEntity } from '@pcscol/plugin-pegase-common/testUtils';
import { PegaseInstancePicker, PegaseOwnerPicker } from './fields';

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { type: 'team', children: [] },
});

const cluster: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'sxb-prod-1' },
  spec: { type: 'kubernetes-cluster', owner: 'ops' },
};

const instanceFilter = { kind: 'Resource', 'spec.type': 'pegase-instance' };

/** A permission API deciding per permission name and resource ref. */
function permissionApi(
  allow: (name: string, ref?: string) => boolean,
): PermissionApi {
  return mockApis.permission({
    authorize: (req: EvaluatePermissionRequest) =>
      allow(
        req.permission.name,
        'resourceRef' in req ? (req.resourceRef as string) : undefined,
      )
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  });
}

function renderPicker(
  Picker: typeof PegaseInstancePicker,
  opts: {
    entities: Entity[];
    permissions: PermissionApi;
    uiOptions?: object;
    formData?: string | string[];
    title?: string;
    type?: 'string' | 'array';
    onChange?: (v?: string) => void;
    language?: 'fr';
  },
) {
  const props = {
    onChange: opts.onChange ?? jest.fn(),
    formData: opts.formData,
    required: false,
    rawErrors: [],
    schema: {
      type: opts.type ?? 'string',
      title: opts.title ?? 'Instance to remove',
    },
    uiSchema: { 'ui:options': opts.uiOptions ?? {} },
    idSchema: { $id: 'root_instance' },
  } as any;
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApiMock({ entities: opts.entities })],
        [permissionApiRef, opts.permissions],
      ]}
    >
      <Picker {...props} />
    </TestApiProvider>,
    opts.language
      ? {
          apis: [
            mockApis.appLanguage({
              defaultLanguage: opts.language,
              availableLanguages: ['en', 'fr'],
            }),
          ],
        }
      : undefined,
  );
}

async function openOptions(label: RegExp): Promise<string[]> {
  const input = await screen.findByRole('textbox', { name: label });
  await waitFor(() => expect(input).not.toBeDisabled());
  await userEvent.click(input);
  const listbox = await screen.findByRole('listbox');
  return within(listbox)
    .getAllByRole('option')
    .map(o => o.textContent ?? '');
}

describe('PegaseInstancePicker', () => {
  const instances = [
    makeInstanceEntity('unistra-sandbox', { usage: 'sandbox' }),
    makeInstanceEntity('unistra-prod', { usage: 'production' }),
    makeInstanceEntity('uca-cons', { usage: 'construction' }),
  ];

  it('offers only the instances the permission allows, and selects by ref', async () => {
    const asked: string[] = [];
    const onChange = jest.fn();
    renderPicker(PegaseInstancePicker, {
      entities: [...instances, cluster],
      permissions: permissionApi((name, ref) => {
        asked.push(`${name} ${ref}`);
        return (
          name === 'pegase.instance.remove' &&
          ref !== 'resource:default/unistra-prod'
        );
      }),
      uiOptions: {
        permission: 'pegase.instance.remove',
        catalogFilter: [instanceFilter],
      },
      onChange,
    });
    const options = await openOptions(/Instance to remove/);
    expect(options).toHaveLength(2);
    expect(options.join(' ')).toContain('unistra-sandbox');
    expect(options.join(' ')).toContain('uca-cons');
    expect(options.join(' ')).not.toContain('unistra-prod');
    // the cluster is outside the filter: never offered, never asked about
    expect(options.join(' ')).not.toContain('sxb-prod-1');
    expect(asked.sort()).toEqual([
      'pegase.instance.remove resource:default/uca-cons',
      'pegase.instance.remove resource:default/unistra-prod',
      'pegase.instance.remove resource:default/unistra-sandbox',
    ]);
    expect(
      screen.getByText('2 choices you may make (of 3)'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('option', { name: /uca-cons/ }));
    expect(onChange).toHaveBeenLastCalledWith('resource:default/uca-cons');
  });

  it('says so, and offers nothing, when no instance is allowed', async () => {
    renderPicker(PegaseInstancePicker, {
      entities: instances,
      permissions: permissionApi(() => false),
      uiOptions: {
        permission: 'pegase.instance.remove',
        catalogFilter: instanceFilter,
      },
    });
    expect(
      await screen.findByText('You may not remove any instance.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('textbox', { name: /Instance to remove/ }),
    ).toBeDisabled();
  });

  it('names the request in the empty state of DBaaS and KaaS, in French too', async () => {
    renderPicker(PegaseInstancePicker, {
      entities: instances,
      permissions: permissionApi(() => false),
      uiOptions: { permission: 'pegase.kaas.create' },
      title: 'Demandé pour',
      language: 'fr',
    });
    expect(
      await screen.findByText(
        'Vous ne pouvez demander de cluster Kafka pour aucune instance ni aucun composant.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a value given beforehand that is not allowed as refused', async () => {
    renderPicker(PegaseInstancePicker, {
      entities: instances,
      permissions: permissionApi(
        (_, ref) => ref === 'resource:default/unistra-sandbox',
      ),
      uiOptions: { permission: 'pegase.instance.upgrade' },
      formData: 'unistra-prod',
    });
    expect(
      await screen.findByText(
        'You may not choose unistra-prod: it does not allow you pegase.instance.upgrade.',
      ),
    ).toBeInTheDocument();
  });

  it('refuses a permission name it does not know, naming the field', async () => {
    renderPicker(PegaseInstancePicker, {
      entities: instances,
      permissions: permissionApi(() => true),
      uiOptions: { permission: 'pegase.instance.delete' },
    });
    expect(
      await screen.findByText(
        /ui:options.permission of the field "Instance to remove" is "pegase.instance.delete"; expected one of .*pegase.instance.remove/,
      ),
    ).toBeInTheDocument();
  });
});

describe('PegaseInstancePicker on a list (the upgrade)', () => {
  const instances = [
    makeInstanceEntity('unistra-sandbox', { usage: 'sandbox' }),
    makeInstanceEntity('unistra-prod', { usage: 'production' }),
    makeInstanceEntity('uca-sandbox', { usage: 'sandbox' }),
  ];
  const sandboxesOnly = permissionApi(
    (name, ref) =>
      name === 'pegase.instance.upgrade' && !!ref?.endsWith('-sandbox'),
  );

  it('picks several allowed instances and keeps their names', async () => {
    const onChange = jest.fn();
    renderPicker(PegaseInstancePicker, {
      entities: instances,
      permissions: sandboxesOnly,
      type: 'array',
      title: 'Instances',
      uiOptions: { permission: 'pegase.instance.upgrade', valueFormat: 'name' },
      formData: ['uca-sandbox'] as any,
      onChange,
    });
    const options = await openOptions(/Instances/);
    expect(options.join(' ')).not.toContain('unistra-prod');
    await userEvent.click(
      screen.getByRole('option', { name: /unistra-sandbox/ }),
    );
    expect(onChange).toHaveBeenLastCalledWith([
      'uca-sandbox',
      'unistra-sandbox',
    ]);
  });

  it('names the listed instances that are not allowed', async () => {
    renderPicker(PegaseInstancePicker, {
      entities: instances,
      permissions: sandboxesOnly,
      type: 'array',
      title: 'Instances',
      uiOptions: { permission: 'pegase.instance.upgrade', valueFormat: 'name' },
      formData: ['uca-sandbox', 'unistra-prod'] as any,
    });
    expect(
      await screen.findByText(
        'You may not choose unistra-prod: it does not allow you pegase.instance.upgrade.',
      ),
    ).toBeInTheDocument();
  });
});

describe('PegaseOwnerPicker', () => {
  const groups = [group('ops'), group('team-toulouse'), group('team-nancy')];

  it('offers only the groups the user may create an instance for', async () => {
    const asked = new Set<string>();
    renderPicker(PegaseOwnerPicker, {
      entities: [...groups, makeInstanceEntity('unistra-prod')],
      permissions: permissionApi((name, ref) => {
        asked.add(name);
        return ref === 'group:default/team-toulouse';
      }),
      title: 'Owner',
    });
    const options = await openOptions(/Owner/);
    expect(options).toEqual(['team-toulouse']);
    expect([...asked]).toEqual(['pegase.instance.create']);
  });

  it('says so when the user may create for no group', async () => {
    renderPicker(PegaseOwnerPicker, {
      entities: groups,
      permissions: permissionApi(() => false),
      title: 'Owner',
    });
    expect(
      await screen.findByText('You may not create an instance for any group.'),
    ).toBeInTheDocument();
  });
});
