import { test, expect } from '@playwright/test';
import { openAsGuest, screenshotPath, settled } from './signIn';

// Demo data: catalog/demo-gitops/argocd/addons (add-on ApplicationSets per
// cluster type, apps and data) and clusters/ (the apps clusters run
// Kubernetes v1.34.2 and v1.33.5); the ArgoCD stand-in makes one add-on
// Application Degraded and another OutOfSync (packages/stand-ins addons.ts).

test('the Clusters view shows the add-on x cluster matrix with ArgoCD state, the versions and the problems', async ({
  page,
}) => {
  await openAsGuest(page, '/fleet?tab=clusters');
  const matrix = page.getByTestId('fleet-addon-matrix');
  await expect(matrix).toBeVisible();
  await expect(
    matrix.getByRole('rowheader', { name: /cert-manager/ }),
  ).toBeVisible();
  await expect(
    matrix.getByRole('columnheader', { name: 'sxb-prod-1' }),
  ).toBeVisible();
  // ArgoCD's state, each linked to the Application in the ArgoCD UI
  const degraded = matrix.getByRole('link', { name: /· Degraded$/ });
  await expect(degraded).toHaveCount(1);
  await expect(degraded).toHaveAttribute('href', /\/applications\/argocd\//);
  await expect(matrix.getByRole('link', { name: /^OutOfSync ·/ })).toHaveCount(
    1,
  );
  await expect(matrix.getByText(/^runs /)).toHaveCount(1);

  const problems = page.getByTestId('fleet-cluster-problems');
  await expect(problems.getByText(/ is degraded on /)).toBeVisible();
  await expect(problems.getByText(/ is out of sync on /)).toBeVisible();
  await expect(
    problems.getByText(
      /^Kubernetes differs between the apps clusters: v1\.33\.5 \(sxb-prod-2\) · v1\.34\.2 /,
    ),
  ).toBeVisible();
  const versions = page.getByTestId('fleet-clusters-table');
  await expect(
    versions.getByRole('link', { name: 'uca-prod-1' }),
  ).toBeVisible();
  await settled(page);
  await page.screenshot({
    path: screenshotPath('fleet-clusters'),
    fullPage: true,
  });

  // the filters are in the URL: the data clusters agree
  await openAsGuest(page, '/fleet?tab=clusters&clusterType=data');
  await expect(
    page
      .getByTestId('fleet-addon-matrix')
      .getByRole('columnheader', { name: 'uca-prod-1' }),
  ).toBeVisible();
  await expect(
    page
      .getByTestId('fleet-addon-matrix')
      .getByRole('columnheader', { name: 'sxb-cons-1' }),
  ).toHaveCount(0);
  await expect(
    page.getByTestId('fleet-cluster-problems').getByText(/Kubernetes differs/),
  ).toHaveCount(0);
});
