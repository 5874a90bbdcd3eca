/*
 * OpenMetrics backfill of the demo fleet for `promtool tsdb create-blocks-from
 * openmetrics`: the series of src/exporter/series.ts, sampled every 5 minutes
 * over the last 30 hours and every 15 minutes before (7 days in all), and every
 * hour from 7 to 30 days back for one component. Streams to a file, so 5 million
 * samples stay cheap in memory.
 */
import fs from 'node:fs';
import {
  FleetSpec,
  LONG_HISTORY_COMPONENT,
  SeriesDef,
  fleetSeries,
  seriesKey,
} from '../src/exporter/series';

/** Options of {@link writeBackfill}. */
export interface BackfillOptions {
  /** Last sample time (unix seconds); default now minus 2 minutes. */
  end?: number;
  /** History of every component, in days (default 7). */
  days?: number;
  /** Component with a longer history (default `ins`), `''` for none. */
  longComponent?: string;
  /** Its history, in days (default 30). */
  longDays?: number;
  /** Dense interval (seconds, default 300) over the last `denseHours` (default 30). */
  denseStep?: number;
  denseHours?: number;
  /** Interval before that (seconds, default 900). */
  sparseStep?: number;
  /** Interval of the long history beyond `days` (seconds, default 3600). */
  longStep?: number;
}

/** Sample times (ascending) for a series. */
export function sampleTimes(
  end: number,
  days: number,
  o: Required<
    Omit<BackfillOptions, 'end' | 'days' | 'longComponent' | 'longDays'>
  >,
  extraDays = 0,
): number[] {
  const out: number[] = [];
  const align = (t: number, step: number) => Math.ceil(t / step) * step;
  const denseFrom = end - o.denseHours * 3600;
  const sparseFrom = end - days * 86400;
  if (extraDays > 0) {
    for (
      let t = align(sparseFrom - extraDays * 86400, o.longStep);
      t < sparseFrom;
      t += o.longStep
    )
      out.push(t);
  }
  for (
    let t = align(sparseFrom, o.sparseStep);
    t < denseFrom;
    t += o.sparseStep
  )
    out.push(t);
  for (
    let t = align(Math.max(denseFrom, sparseFrom), o.denseStep);
    t <= end;
    t += o.denseStep
  )
    out.push(t);
  return out;
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

/** What {@link writeBackfill} wrote. */
export interface BackfillSummary {
  file: string;
  series: number;
  samples: number;
  start: number;
  end: number;
}

/** Writes the OpenMetrics backfill of `fleet` to `file`. */
export async function writeBackfill(
  fleet: FleetSpec,
  file: string,
  options: BackfillOptions = {},
): Promise<BackfillSummary> {
  const end = Math.floor(options.end ?? Date.now() / 1000 - 120);
  const days = options.days ?? 7;
  const longComponent = options.longComponent ?? LONG_HISTORY_COMPONENT;
  const longDays = options.longDays ?? 30;
  const steps = {
    denseStep: options.denseStep ?? 300,
    denseHours: options.denseHours ?? 30,
    sparseStep: options.sparseStep ?? 900,
    longStep: options.longStep ?? 3600,
  };
  const normal = sampleTimes(end, days, steps);
  const long = sampleTimes(end, days, steps, Math.max(0, longDays - days));
  const byName = new Map<string, SeriesDef[]>();
  for (const s of fleetSeries(fleet)) {
    const list = byName.get(s.name) ?? [];
    list.push(s);
    byName.set(s.name, list);
  }
  const out = fs.createWriteStream(file);
  const write = (text: string) =>
    out.write(text)
      ? Promise.resolve()
      : new Promise<void>(r => out.once('drain', () => r()));
  let series = 0;
  let samples = 0;
  let start = end;
  for (const [name, list] of byName) {
    await write(`# TYPE ${name} unknown\n`);
    for (const s of list) {
      const times = s.component === longComponent ? long : normal;
      const key = seriesKey(s);
      let chunk = '';
      for (const t of times)
        chunk += `${key} ${formatValue(s.value(t))} ${t}\n`;
      await write(chunk);
      series++;
      samples += times.length;
      if (times.length && times[0] < start) start = times[0];
    }
  }
  await write('# EOF\n');
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
  return { file, series, samples, start, end };
}
