import { sampleFleet, sampleRollout } from '../__testUtils__/fleet';
import {
  awaitingApproval,
  secondsLeftNow,
  rolloutInstanceRows,
  splitDuration,
  stepCounts,
  waveStep,
} from './rollouts';
import { summaryOf } from '../__testUtils__/fleet';

describe('rollout views', () => {
  it('puts a merged wave at syncing, then healthy while it soaks, failed when its gate fails', () => {
    const at = '2026-12-06T10:00:00Z';
    expect(waveStep({ state: 'merged' })).toBe('merged');
    expect(
      waveStep({
        state: 'merged',
        gate: { result: 'waiting', reason: '', at },
      }),
    ).toBe('syncing');
    expect(
      waveStep({
        state: 'merged',
        gate: { result: 'soaking', reason: '', at },
      }),
    ).toBe('healthy');
    expect(
      waveStep({ state: 'merged', gate: { result: 'failed', reason: '', at } }),
    ).toBe('failed');
    expect(waveStep({ state: 'open' })).toBe('open');
    expect(waveStep({ state: 'opening' })).toBe('open');
    expect(waveStep({ state: 'rolling-back' })).toBe('rolledBack');
  });

  it('counts the waves per step, in the order of the progression', () => {
    expect(stepCounts(sampleRollout().waves)).toEqual([
      ['approval', 1],
      ['healthy', 2],
    ]);
  });

  it('lists the waves awaiting an approval across rollouts', () => {
    const found = awaitingApproval([summaryOf(sampleRollout())]);
    expect(found.map(f => f.wave.name)).toEqual(['production']);
  });

  it('joins instances with the fleet and the alerts the gate names', () => {
    const rows = rolloutInstanceRows(sampleRollout(), sampleFleet());
    const cons = rows.find(r => r.instance.name === 'univ-b-cons')!;
    expect(cons.alerts).toEqual(['PegaseApiErrors (warning)']);
    expect(cons.fleet?.chartVersion).toBe('24.3.2');
    expect(rows.map(r => r.wave.index)).toEqual([0, 1, 2]);
    expect(rolloutInstanceRows(sampleRollout())[0].fleet).toBeUndefined();
  });

  it("counts the soak's time left from the verdict's time", () => {
    const at = '2026-12-06T10:00:00Z';
    expect(secondsLeftNow(125, at, Date.parse(at) + 25_000)).toBe(100);
    expect(secondsLeftNow(125, at, Date.parse(at) + 500_000)).toBe(0);
    expect(secondsLeftNow(125, 'not a date')).toBe(125);
  });

  it('splits durations', () => {
    expect(splitDuration(3725)).toEqual({
      hours: 1,
      minutes: 2,
      seconds: 5,
      total: 3725,
    });
    expect(splitDuration(-3).total).toBe(0);
  });
});
