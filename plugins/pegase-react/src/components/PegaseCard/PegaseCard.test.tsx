import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { PegaseCard } from './PegaseCard';

describe('PegaseCard', () => {
  it('shows title, subtitle, content and the upstream link', async () => {
    await renderInTestApp(
      <PegaseCard
        title="ArgoCD"
        subtitle="Synced"
        upstream={{
          name: 'ArgoCD',
          href: 'https://argocd.example/applications/x',
        }}
      >
        body text
      </PegaseCard>,
    );
    expect(screen.getByRole('heading', { name: 'ArgoCD' })).toBeInTheDocument();
    expect(screen.getByText('Synced')).toBeInTheDocument();
    expect(screen.getByText('body text')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open in ArgoCD' }),
    ).toHaveAttribute('href', 'https://argocd.example/applications/x');
  });

  it('speaks French when the app does', async () => {
    await renderInTestApp(
      <PegaseCard
        title="Vault"
        upstream={{ name: 'Vault', href: 'https://vault.example' }}
      />,
      {
        apis: [
          mockApis.appLanguage({
            defaultLanguage: 'fr',
            availableLanguages: ['en', 'fr'],
          }),
        ],
      },
    );
    expect(
      await screen.findByRole('link', { name: 'Ouvrir dans Vault' }),
    ).toBeInTheDocument();
  });
});
