import fs from 'node:fs';
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
});
