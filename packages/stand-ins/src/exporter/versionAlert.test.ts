import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArgocdProfileName, startArgocdStandIn } from '../argocd';
import {
  FleetSpec,
  readFleet,
  startMetricsExporter,
  versionAlertComponent,
} from './index';

// eslint-disable-next-line no-restricted-syntax
const demoDir = path.resolve(__dirname, '../../../../catalog/demo-gitops');

jest.setTimeout(60_000);

const SANDBOX = 'univ-smb-bac-a-sable-1';
const SANDBOX_FILE =
  'instances/fr-cfe-uca/sandbox/univ-smb-bac-a-sable-1/instance.json';

/** The `replicas available` sample of the instance's alerting Deployment. */
async function availableReplicas(
  url: string,
  fleet: FleetSpec,
  instance: string,
): Promise<number> {
  const component = versionAlertComponent(fleet, instance)!;
  const workload = fleet.components.find(c => c.name === component)!.workload;
  const namespace = fleet.instances.find(i => i.name === instance)!.namespace;
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      l =>
        l.startsWith('kube_deployment_status_replicas_available{') &&
        l.includes(`namespace="${namespace}"`) &&
        l.includes(`deployment="${workload}"`),
    );
  expect(line).toBeDefined();
  return Number(line!.split(' ').at(-1));
}

function git(dir: string, args: string[]) {
  return execFileSync('git', ['-C', dir, ...args], {
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t.invalid',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t.invalid',
    },
  }).toString();
}

function setVersion(dir: string, version: string) {
  const full = path.join(dir, SANDBOX_FILE);
  const json = JSON.parse(fs.readFileSync(full, 'utf8'));
  fs.writeFileSync(full, JSON.stringify({ ...json, chartVersion: version }));
}

describe('the exporter fires an alert for a chosen version', () => {
  const fleet = readFleet(demoDir);

  it('drops the replicas of one Deployment of each instance running that version, and says so', async () => {
    const versions: Record<string, string> = { [SANDBOX]: '25.0.0' };
    const exporter = await startMetricsExporter({
      port: 0,
      fleet,
      incidents: [],
      alertVersions: ['25.1.0'],
      liveVersions: () => versions,
    });
    try {
      expect(
        await availableReplicas(exporter.url, fleet, SANDBOX),
      ).toBeGreaterThan(0);
      versions[SANDBOX] = '25.1.0';
      expect(await availableReplicas(exporter.url, fleet, SANDBOX)).toBe(0);
      const incidents = await (await fetch(`${exporter.url}/incidents`)).json();
      expect(incidents.versionIncidents).toEqual([
        {
          alert: 'PegaseDeploymentUnavailable',
          instance: SANDBOX,
          component: versionAlertComponent(fleet, SANDBOX),
          version: '25.1.0',
        },
      ]);
      versions[SANDBOX] = '25.0.0';
      expect(
        await availableReplicas(exporter.url, fleet, SANDBOX),
      ).toBeGreaterThan(0);
    } finally {
      await exporter.stop();
    }
  });

  it('reads the declared versions from the repository folder when alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exporter-'));
    fs.cpSync(demoDir, dir, { recursive: true });
    const saved = process.env.PEGASE_EXPORTER_REFRESH_MS;
    process.env.PEGASE_EXPORTER_REFRESH_MS = '0';
    const exporter = await startMetricsExporter({
      port: 0,
      gitopsDir: dir,
      incidents: [],
      alertVersions: ['24.3.1'],
    });
    try {
      expect(
        await availableReplicas(exporter.url, fleet, SANDBOX),
      ).toBeGreaterThan(0);
      setVersion(dir, '24.3.1');
      expect(await availableReplicas(exporter.url, fleet, SANDBOX)).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.PEGASE_EXPORTER_REFRESH_MS;
      else process.env.PEGASE_EXPORTER_REFRESH_MS = saved;
      await exporter.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each<ArgocdProfileName>(['v2.14', 'v3.5'])(
    'follows the version the ArgoCD stand-in runs (profile %s): the alert starts once the sync is done',
    async profile => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exporter-argocd-'));
      fs.cpSync(demoDir, dir, { recursive: true });
      git(dir, ['init', '--quiet', '-b', 'main']);
      git(dir, ['add', '--all', '.']);
      git(dir, ['commit', '--quiet', '-m', 'initial']);
      const argocd = await startArgocdStandIn({
        port: 0,
        gitDir: dir,
        profile,
        // long enough for the check between the request and its end
        operationMs: 2000,
        progressMs: 100,
      });
      const exporter = await startMetricsExporter({
        port: 0,
        fleet,
        incidents: [],
        alertVersions: ['24.3.1'],
        liveVersions: argocd.liveVersions,
      });
      try {
        setVersion(dir, '24.3.1');
        git(dir, ['commit', '--quiet', '-am', 'sandbox to 24.3.1']);
        await argocd.reconcile();
        // declared but not synced yet: no alert
        expect(argocd.liveVersions()[SANDBOX]).toBe('25.0.0');
        expect(
          await availableReplicas(exporter.url, fleet, SANDBOX),
        ).toBeGreaterThan(0);
        while (argocd.liveVersions()[SANDBOX] !== '24.3.1')
          await new Promise(r => setTimeout(r, 50));
        expect(await availableReplicas(exporter.url, fleet, SANDBOX)).toBe(0);
      } finally {
        await exporter.stop();
        await argocd.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
