// Foundation figures of Pégase Portal, printed as JSON:
// - coldInstallSeconds: `yarn install` in a fresh clone (no node_modules; Yarn's
//   download cache as the machine has it) — only with --install;
// - startSeconds: backend process start until the catalog API serves the System
//   `pegase` and the demo instances (providers included);
// - backendPeakRssMiB: peak resident memory (VmHWM) of that process with the demo data.
//
//   node bench/foundation/bench.mjs [--install]
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../..',
);
const result = { node: process.version, cpus: os.cpus().length };

if (process.argv.includes('--install')) {
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-install-'));
  execFileSync('git', ['clone', '--quiet', root, clone]);
  const started = performance.now();
  execFileSync(
    'bash',
    ['-c', 'source scripts/toolchain.sh && yarn install >/dev/null'],
    {
      cwd: clone,
      env: { ...process.env, PEGASE_TOOLS: path.join(root, '.tools') },
      stdio: 'inherit',
    },
  );
  result.coldInstallSeconds = +((performance.now() - started) / 1000).toFixed(
    1,
  );
  fs.rmSync(clone, { recursive: true, force: true });
}

async function guestToken(base) {
  const res = await fetch(`${base}/api/auth/guest/refresh`, { method: 'POST' });
  if (!res.ok) return undefined;
  return (await res.json()).backstageIdentity.token;
}

async function countOf(base, token, filter) {
  const res = await fetch(
    `${base}/api/catalog/entities/by-query?limit=1&${filter}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  if (!res.ok) return 0;
  return (await res.json()).totalItems ?? 0;
}

const port = 17007;
const base = `http://127.0.0.1:${port}`;
const override = path.join(os.tmpdir(), `pegase-bench-${process.pid}.yaml`);
fs.writeFileSync(
  override,
  `backend:\n  baseUrl: ${base}\n  listen:\n    port: ${port}\n`,
);
const started = performance.now();
const backend = spawn(
  process.execPath,
  [
    '--require',
    '@backstage/cli/config/nodeTransform.cjs',
    'src/index.ts',
    '--config',
    '../../app-config.yaml',
    '--config',
    override,
  ],
  {
    cwd: path.join(root, 'packages/backend'),
    env: { ...process.env, NODE_ENV: 'development' },
    stdio: 'ignore',
  },
);
let peakKiB = 0;
const sample = setInterval(() => {
  try {
    const status = fs.readFileSync(`/proc/${backend.pid}/status`, 'utf8');
    peakKiB = Math.max(
      peakKiB,
      Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0),
    );
  } catch {
    /* process gone */
  }
}, 250);

try {
  const expectedInstances = Number(process.env.BENCH_EXPECTED_INSTANCES ?? 50);
  for (;;) {
    if (performance.now() - started > 600_000)
      throw new Error('catalog not served after 600 s');
    const token = await guestToken(base).catch(() => undefined);
    if (token) {
      const system = await countOf(
        base,
        token,
        'filter=kind=system,metadata.name=pegase',
      );
      const instances = await countOf(
        base,
        token,
        'filter=kind=resource,spec.type=pegase-instance',
      );
      const groups = await countOf(base, token, 'filter=kind=group');
      if (result.groupsServedSeconds === undefined && groups > 0) {
        result.groupsServedSeconds = +(
          (performance.now() - started) /
          1000
        ).toFixed(1);
      }
      if (system === 1 && instances >= expectedInstances) break;
    }
    await new Promise(r => setTimeout(r, 250));
  }
  result.startSeconds = +((performance.now() - started) / 1000).toFixed(1);
  await new Promise(r => setTimeout(r, 5000));
  result.backendPeakRssMiB = Math.round(peakKiB / 1024);
} finally {
  clearInterval(sample);
  backend.kill('SIGTERM');
  fs.rmSync(override, { force: true });
}
console.log(JSON.stringify(result, null, 2));
