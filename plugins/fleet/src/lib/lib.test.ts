import { fleetInstance, sampleFleet } from '../__testUtils__/fleet';
import {
  applyFilters,
  distinct,
  filtersFromParams,
  filtersToParams,
} from './filters';
import { fleetToCsv } from './csv';
import { versionMatrix } from './matrix';

describe('filters', () => {
  it('round-trips through the URL and keeps the other params', () => {
    const params = filtersToParams(
      { region: 'eu-sxb-1', problem: 'degraded', q: 'univ' },
      new URLSearchParams('tab=instances&region=old'),
    );
    expect(params.get('tab')).toBe('instances');
    expect(filtersFromParams(params)).toEqual({
      region: 'eu-sxb-1',
      problem: 'degraded',
      q: 'univ',
    });
    expect(filtersFromParams(new URLSearchParams('region=&usage=%20'))).toEqual(
      {},
    );
  });

  it('combines criteria and searches name, university, cluster and owner', () => {
    const { instances } = sampleFleet();
    expect(
      applyFilters(instances, { usage: 'sandbox' }).map(i => i.name),
    ).toEqual(['univ-c-sbx']);
    expect(
      applyFilters(instances, { problem: 'degraded' }).map(i => i.name),
    ).toEqual(['univ-a-prod']);
    expect(applyFilters(instances, { q: 'CONS-1' }).map(i => i.name)).toEqual([
      'univ-b-cons',
    ]);
    expect(
      applyFilters(instances, { region: 'eu-sxb-1', version: '24.3.2' }),
    ).toHaveLength(1);
    expect(
      applyFilters(instances, { region: 'eu-sxb-1', usage: 'sandbox' }),
    ).toHaveLength(0);
    expect(distinct(instances, 'cluster')).toEqual([
      'par-sbx-1',
      'sxb-cons-1',
      'sxb-prod-1',
    ]);
  });
});

describe('fleetToCsv', () => {
  it('writes a header and one row per instance, quoting what needs it', () => {
    const csv = fleetToCsv([
      fleetInstance('a', { university: 'Université "Grand, Est"' }),
      fleetInstance('b', { university: '=HYPERLINK("x")' }),
    ]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'name,university,region,usage,cluster,owner,declaredVersion,liveVersion,sync,health,ttl,ttlState,problems',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"Université ""Grand, Est"""');
    // a formula is neutralised, not evaluated by a spreadsheet
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('keeps a university named with a `;` and a formula one text cell', () => {
    // a French spreadsheet splits on `;`: unquoted, the second half would be a formula
    const csv = fleetToCsv([
      fleetInstance('a', { university: 'utt;=HYPERLINK("https://x")' }),
      fleetInstance('b', { university: '\n＝1+1' }),
    ]);
    expect(csv).toContain(',"utt;=HYPERLINK(""https://x"")",');
    expect(csv).toContain(`,"'\n＝1+1",`);
  });
});

describe('versionMatrix', () => {
  it('counts instances per version and region/usage, or per cluster', () => {
    const { instances } = sampleFleet();
    const m = versionMatrix(
      instances,
      ['25.1.0', '25.0.4', '24.3.2'],
      'region-usage',
    );
    expect(m.columns.map(c => c.key)).toEqual([
      'eu-par-1 / sandbox',
      'eu-sxb-1 / construction',
      'eu-sxb-1 / production',
    ]);
    expect(m.rows.map(r => [r.version, r.total])).toEqual([
      ['25.1.0', 2],
      ['24.3.2', 1],
    ]);
    expect(m.rows[0].cells).toEqual({
      'eu-par-1 / sandbox': 1,
      'eu-sxb-1 / production': 1,
    });
    const byCluster = versionMatrix(instances, ['25.1.0'], 'cluster');
    expect(byCluster.columns.map(c => c.cluster)).toEqual([
      'par-sbx-1',
      'sxb-cons-1',
      'sxb-prod-1',
    ]);
  });
});
