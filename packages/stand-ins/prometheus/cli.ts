/*
 * The demo Prometheus: backfills the demo fleet (7 days, 30 days for `ins`),
 * scrapes the live exporter of the stand-ins, serves on --port until stopped.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs cli.ts \
 *     --port 19090 --data .cache/demo/prometheus --gitops catalog/demo-gitops \
 *     [--exporter 127.0.0.1:18160] [--max-instances 60] [--fresh]
 *
 * The backfilled data is reused when it is less than 12 hours old (a marker
 * file in the data folder), so restarts are quick.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readFleet } from '../src/exporter/series';
import { startPrometheus } from './prometheus';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const root = path.resolve(__dirname, '../../..');
  const port = Number(arg('port') ?? 19090);
  const dataDir = path.resolve(
    arg('data') ?? path.join(root, '.cache/demo/prometheus'),
  );
  const gitopsDir = path.resolve(
    arg('gitops') ?? path.join(root, 'catalog/demo-gitops'),
  );
  const exporter =
    arg('exporter') ??
    (process.env.THANOS_EXPORTER_URL ?? 'http://127.0.0.1:18160')
      .replace(/^https?:\/\//, '')
      .replace(/\/.*$/, '');
  const maxInstances = Number(arg('max-instances') ?? 60);
  const marker = path.join(dataDir, 'pegase-backfill.json');
  let reuse = false;
  if (!process.argv.includes('--fresh') && fs.existsSync(marker)) {
    const m = JSON.parse(fs.readFileSync(marker, 'utf8'));
    reuse = m.gitopsDir === gitopsDir && Date.now() / 1000 - m.end < 12 * 3600;
  }
  if (!reuse) fs.rmSync(dataDir, { recursive: true, force: true });
  const fleet = readFleet(gitopsDir, { maxInstances });
  const t = Date.now();
  console.log(
    reuse
      ? `reusing the backfilled data of ${dataDir}`
      : `backfilling ${fleet.instances.length} instances x ${fleet.components.length} components into ${dataDir}...`,
  );
  const prom = await startPrometheus({
    port,
    dataDir,
    fleet,
    backfill: !reuse,
    exporterTarget: exporter,
    logFile: path.join(path.dirname(dataDir), 'prometheus-server.log'),
    readyTimeoutMs: 300000,
  });
  if (prom.backfill) {
    fs.writeFileSync(marker, JSON.stringify({ gitopsDir, ...prom.backfill }));
    console.log(
      `backfilled ${prom.backfill.series} series, ${
        prom.backfill.samples
      } samples in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  console.log(
    `prometheus ready at ${prom.url} (scraping ${exporter}; THANOS_URL)`,
  );
  const stop = async () => {
    await prom.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  prom.process.once('exit', code => {
    console.error(`prometheus exited (${code})`);
    process.exit(code ?? 1);
  });
}

main().catch(e => {
  console.error(`prometheus failed to start: ${e.stack ?? e}`);
  process.exit(1);
});
