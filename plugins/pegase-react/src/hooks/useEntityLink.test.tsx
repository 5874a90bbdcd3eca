import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { useEntityLink } from './useEntityLink';

function Probe(props: { entityRef: string }) {
  const entityLink = useEntityLink();
  return (
    <span data-testid="href">{entityLink(props.entityRef) ?? 'none'}</span>
  );
}

describe('useEntityLink', () => {
  it('links an entity ref to its catalog page, the kind in lower case', async () => {
    await renderInTestApp(<Probe entityRef="Resource:default/uca-recette" />, {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(screen.getByTestId('href')).toHaveTextContent(
      '/catalog/default/resource/uca-recette',
    );
  });

  it('gives no link when the app mounts no entity page', async () => {
    await renderInTestApp(<Probe entityRef="component:default/ins" />);
    expect(screen.getByTestId('href')).toHaveTextContent('none');
  });
});
