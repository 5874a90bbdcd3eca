import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { SecretsContextProvider } from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { makeInstanceEntity } from '@pcscol/plugin-pegase-common/testUtils';
import { PegaseInstancePicker, validateInstancePick } from './fields';

/*
 * The field inside the scaffolder's own form (Stepper of
 * scaffolder-react/alpha, as the template wizard renders it), with the
 * remove template's step: what the user may not remove is neither offered
 * nor accepted on Review.
 */
// the whole scaffolder form renders slowly on a loaded 2-core machine
jest.setTimeout(30_000);

const manifest = {
  title: 'Remove a Pégase instance',
  steps: [
    {
      title: 'Instance',
      schema: {
        required: ['instance'],
        properties: {
          instance: {
            title: 'Instance to remove',
            type: 'string',
            'ui:field': 'PegaseInstancePicker',
            'ui:options': {
              permission: 'pegase.instance.remove',
              catalogFilter: [
                { kind: 'Resource', 'spec.type': 'pegase-instance' },
              ],
            },
          },
        },
      },
    },
  ],
};

/** Whether the permission framework currently allows removing unistra-prod. */
let prodAllowed = false;

function renderForm(initialState?: Record<string, string>) {
  const onCreate = jest.fn(async () => {});
  renderInTestApp(
    <TestApiProvider
      apis={[
        [
          catalogApiRef,
          catalogApiMock({
            entities: [
              makeInstanceEntity('unistra-sandbox', { usage: 'sandbox' }),
              makeInstanceEntity('unistra-prod'),
            ],
          }),
        ],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: req =>
              'resourceRef' in req &&
              (req.resourceRef === 'resource:default/unistra-sandbox' ||
                (prodAllowed &&
                  req.resourceRef === 'resource:default/unistra-prod'))
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          }),
        ],
      ]}
    >
      <SecretsContextProvider>
        <Stepper
          manifest={manifest as any}
          extensions={[
            {
              name: 'PegaseInstancePicker',
              component: PegaseInstancePicker,
              validation: validateInstancePick,
            },
          ]}
          initialState={initialState}
          onCreate={onCreate}
        />
      </SecretsContextProvider>
    </TestApiProvider>,
  );
  return onCreate;
}

describe('PegaseInstancePicker in the scaffolder form', () => {
  // jsdom has no scrolling; the Stepper scrolls to the top on each step
  beforeAll(() => {
    window.scrollTo = jest.fn() as typeof window.scrollTo;
  });
  beforeEach(() => {
    prodAllowed = false;
  });

  it('offers the allowed instance only, and creates with its ref', async () => {
    const onCreate = renderForm();
    const input = await screen.findByRole('textbox', {
      name: /Instance to remove/,
    });
    await waitFor(() => expect(input).not.toBeDisabled());
    await userEvent.click(input);
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual(['unistra-sandbox']);
    await userEvent.click(options[0]);
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );
    await waitFor(() =>
      expect(onCreate).toHaveBeenCalledWith(
        expect.objectContaining({
          instance: 'resource:default/unistra-sandbox',
        }),
      ),
    );
  });

  it('refuses on Review an instance given beforehand that the user may not remove', async () => {
    const onCreate = renderForm({ instance: 'resource:default/unistra-prod' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Review' }),
    );
    expect(
      await screen.findByText(
        'You may not choose resource:default/unistra-prod: it does not allow you pegase.instance.remove.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
    expect(onCreate).not.toHaveBeenCalled();
  });

  it('refuses on Review an instance picked before the permission was withdrawn', async () => {
    prodAllowed = true;
    const onCreate = renderForm();
    const input = await screen.findByRole('textbox', {
      name: /Instance to remove/,
    });
    await waitFor(() => expect(input).not.toBeDisabled());
    await userEvent.click(input);
    await userEvent.click(
      await screen.findByRole('option', { name: 'unistra-prod' }),
    );
    prodAllowed = false; // e.g. the instance moved to another team meanwhile
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    // only the field's validation knows (the options were listed when
    // allowed); its message is in the form's error list and under the field
    expect(
      await screen.findAllByText(
        /You may not choose resource:default\/unistra-prod: it does not allow you pegase.instance.remove./,
      ),
    ).not.toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
    expect(onCreate).not.toHaveBeenCalled();
  });
});
