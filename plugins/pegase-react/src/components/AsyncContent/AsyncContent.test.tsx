import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { AsyncContent } from './AsyncContent';

describe('AsyncContent', () => {
  it('shows progress while loading, not the content', async () => {
    await renderInTestApp(
      <AsyncContent state={{ loading: true }}>{(v: string) => v}</AsyncContent>,
    );
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('shows the content once loaded', async () => {
    await renderInTestApp(
      <AsyncContent state={{ loading: false, value: 'three instances' }}>
        {(v: string) => v}
      </AsyncContent>,
    );
    expect(screen.getByText('three instances')).toBeInTheDocument();
  });

  it('shows the error and a retry button that calls retry', async () => {
    const retry = jest.fn();
    await renderInTestApp(
      <AsyncContent
        state={{ loading: false, error: new Error('ArgoCD answered 502') }}
        retry={retry}
      >
        {() => 'never'}
      </AsyncContent>,
    );
    expect(
      (await screen.findAllByText(/ArgoCD answered 502/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('never')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('shows the empty state when the value has nothing to show', async () => {
    await renderInTestApp(
      <AsyncContent
        state={{ loading: false, value: [] as string[] }}
        isEmpty={v => v.length === 0}
      >
        {v => v.join(',')}
      </AsyncContent>,
    );
    expect(screen.getByText('Nothing to show.')).toBeInTheDocument();
  });
});
