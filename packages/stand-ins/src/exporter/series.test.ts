import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fleetSeries, readFleet, REPLICA_DIP_SECONDS } from './series';

// eslint-disable-next-line no-restricted-syntax
const standIns = path.resolve(__dirname, '../..');
const demoDir = path.resolve(standIns, '../../catalog/demo-gitops');

/** The `for` of an alerting rule of prometheus/rules.yml, in seconds. */
function ruleForSeconds(alert: string): number {
  const rules = fs.readFileSync(
    path.join(standIns, 'prometheus/rules.yml'),
    'utf8',
  );
  const block = rules.split(/\n\s*- alert: /).find(b => b.startsWith(alert));
  const match = /\n\s*for: (\d+)([sm])\n/.exec(block ?? '');
  if (!match) throw new Error(`no "for" in the rule ${alert}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

/**
 * Whether PegaseDeploymentUnavailable fires on these samples (one every
 * 15 s, the demo's scrape and evaluation interval), as Prometheus itself
 * evaluates prometheus/rules.yml: `promtool test rules`, expecting no firing
 * alert at any evaluation; its exit code says whether one fired.
 */
function firesOn(desired: number[], available: number[]): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-'));
  try {
    const labels = '{namespace="ns", deployment="pai"}';
    const test = {
      rule_files: [path.join(standIns, 'prometheus/rules.yml')],
      evaluation_interval: '15s',
      tests: [
        {
          interval: '15s',
          input_series: [
            {
              series: `kube_deployment_spec_replicas${labels}`,
              values: desired.join(' '),
            },
            {
              series: `kube_deployment_status_replicas_available${labels}`,
              values: available.join(' '),
            },
          ],
          alert_rule_test: available.map((_, i) => ({
            eval_time: `${i * 15}s`,
            alertname: 'PegaseDeploymentUnavailable',
            exp_alerts: [],
          })),
        },
      ],
    };
    // JSON is YAML
    fs.writeFileSync(path.join(dir, 'test.yml'), JSON.stringify(test));
    const run = spawnSync('promtool', ['test', 'rules', 'test.yml'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (run.error) throw run.error;
    const output = `${run.stdout}${run.stderr}`;
    // a failed expectation names the alert that fired; anything else is an error
    if (
      run.status !== 0 &&
      !/alertname="PegaseDeploymentUnavailable"/.test(output)
    )
      throw new Error(`promtool failed: ${output}`);
    return run.status !== 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the daily replica dip of the demo fleet', () => {
  // Per deployment: the longest run, in seconds, of fewer replicas available
  // than desired over one whole day, sampled every second.
  const fleet = readFleet(demoDir);
  const series = fleetSeries(fleet);
  const desired = new Map(
    series
      .filter(s => s.name === 'kube_deployment_spec_replicas')
      .map(s => [`${s.labels.namespace}/${s.labels.deployment}`, s] as const),
  );
  const longestDips = series
    .filter(s => s.name === 'kube_deployment_status_replicas_available')
    .map(s => {
      const spec = desired.get(`${s.labels.namespace}/${s.labels.deployment}`)!;
      const day0 = 1.8e9 - (1.8e9 % 86400);
      let longest = 0;
      let run = 0;
      for (let t = day0; t < day0 + 86400; t++) {
        run = s.value(t) < spec.value(t) ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
      return {
        instance: s.instance,
        deployment: s.labels.deployment,
        replicas: spec.value(day0),
        longest,
      };
    });

  it('never lasts long enough to fire PegaseDeploymentUnavailable, so a healthy instance passes a rollout gate at any hour', () => {
    // the condition holds from the first sample of the dip to the first one
    // after it: the dip plus one scrape interval (15 s)
    const limit = ruleForSeconds('PegaseDeploymentUnavailable') - 15;
    expect(REPLICA_DIP_SECONDS).toBeLessThan(limit);
    const tooLong = longestDips.filter(d => d.longest >= limit);
    expect(tooLong).toEqual([]);
  });

  it('still happens once a day to every deployment of several replicas (the graphs show it)', () => {
    const several = longestDips.filter(d => d.replicas > 1);
    expect(several.length).toBeGreaterThan(0);
    expect(several.filter(d => d.longest === 0)).toEqual([]);
    expect(longestDips.filter(d => d.replicas === 1 && d.longest > 0)).toEqual(
      [],
    );
    expect(Math.max(...several.map(d => d.longest))).toBe(REPLICA_DIP_SECONDS);
  });

  it('leaves PegaseDeploymentUnavailable pending, never firing, in Prometheus itself', () => {
    const dipping = series.find(
      s =>
        s.name === 'kube_deployment_status_replicas_available' &&
        longestDips.some(
          d =>
            d.instance === s.instance &&
            d.deployment === s.labels.deployment &&
            d.longest > 0,
        ),
    )!;
    const spec = desired.get(
      `${dipping.labels.namespace}/${dipping.labels.deployment}`,
    )!;
    // the samples around its dip, at every phase of the 15 s scrape
    const day0 = 1.8e9 - (1.8e9 % 86400);
    let dipAt = day0;
    while (dipping.value(dipAt) === spec.value(dipAt)) dipAt++;
    for (let phase = 0; phase < 15; phase += 5) {
      const times = Array.from(
        { length: 24 },
        (_, i) => dipAt - 120 + phase + i * 15,
      );
      const available = times.map(t => dipping.value(t));
      expect(available).toContain(spec.value(day0) - 1);
      expect(
        firesOn(
          times.map(t => spec.value(t)),
          available,
        ),
      ).toBe(false);
    }
  });

  it('would fire on a dip longer than the rule allows (the check can see it)', () => {
    // the 20-minute dip the exporter used to simulate
    const desiredValues = Array.from({ length: 100 }, () => 2);
    const available = desiredValues.map((_, i) => (i >= 8 && i < 88 ? 1 : 2));
    expect(firesOn(desiredValues, available)).toBe(true);
  });
});
