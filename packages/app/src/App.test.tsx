import { render } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('opens on the sign-in page with the guest provider', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Pégase Portal (test)' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    const rendered = render(App.createRoot());

    // Not signed in: the sign-in page shows the portal's title and the guest provider.
    expect(
      await rendered.findByRole(
        'button',
        { name: 'Enter' },
        { timeout: 30_000 },
      ),
    ).toBeInTheDocument();
    expect(rendered.getByText('Pégase Portal (test)')).toBeInTheDocument();
  });
});
