import { CATEGORIES, Category, Recorder } from './soak-load';
import type { ProcessSample } from './soak-server';

export interface Tolerances {
  /** RSS may grow by this fraction between the first and the last third of the run… */
  readonly rssGrowthFraction: number;
  /** …and by this many MB; growing beyond either fails the run. */
  readonly rssGrowthMb: number;
  /** Open fds other than database connections (idle, after the load) may exceed the idle count before it by this many. */
  readonly fdGrowth: number;
}

export interface LatencyRow {
  readonly category: Category | 'total';
  readonly requests: number;
  readonly errors: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mb: number;
}

export interface SoakSummary {
  readonly rows: LatencyRow[];
  readonly rss: { start: number; max: number; end: number; firstThirdMean: number; lastThirdMean: number; growthMb: number; growthFraction: number; idleBefore: number; idleAfter: number };
  readonly fds: { start: number; max: number; end: number; idleBefore: number; idleAfter: number };
  readonly httpSockets: { start: number; max: number; end: number; idleBefore: number; idleAfter: number };
  readonly sourceHandles: { start: number; max: number; end: number; idleBefore: number; idleAfter: number };
  readonly failures: string[];
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

export function summarise(recorder: Recorder, measured: readonly ProcessSample[], idleBefore: ProcessSample, idleAfter: ProcessSample, tolerances: Tolerances): SoakSummary {
  // No sample under load (the server died, or a run shorter than one interval): judge what there is.
  const samples = measured.length > 0 ? measured : [idleBefore, idleAfter];
  const row = (category: LatencyRow['category'], latencies: number[], errors: number, bytes: number): LatencyRow => {
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      category,
      requests: latencies.length,
      errors,
      p50: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
      p99: percentile(sorted, 0.99),
      max: sorted[sorted.length - 1] ?? Number.NaN,
      mb: bytes / 1e6,
    };
  };
  const rows = CATEGORIES.map((category) => row(category, recorder.latencies.get(category)!, recorder.errors.get(category)!, recorder.bytes.get(category)!));
  rows.push(
    row(
      'total',
      CATEGORIES.flatMap((category) => recorder.latencies.get(category)!),
      rows.reduce((sum, { errors }) => sum + errors, 0),
      CATEGORIES.reduce((sum, category) => sum + recorder.bytes.get(category)!, 0),
    ),
  );

  const third = Math.max(1, Math.floor(samples.length / 3));
  const firstThirdMean = mean(samples.slice(0, third).map((sample) => sample.rssMb));
  const lastThirdMean = mean(samples.slice(-third).map((sample) => sample.rssMb));
  const series = (pick: (sample: ProcessSample) => number) => ({
    start: pick(samples[0]),
    max: Math.max(...samples.map(pick)),
    end: pick(samples[samples.length - 1]),
    idleBefore: pick(idleBefore),
    idleAfter: pick(idleAfter),
  });
  const rss = { ...series((sample) => sample.rssMb), firstThirdMean, lastThirdMean, growthMb: lastThirdMean - firstThirdMean, growthFraction: (lastThirdMean - firstThirdMean) / firstThirdMean };

  const failures: string[] = [];
  if (measured.length === 0) failures.push('no sample of the server was taken under load');
  const total = rows[rows.length - 1];
  if (total.requests === 0) failures.push('no request was made');
  if (total.errors > 0) failures.push(`${total.errors} request(s) failed (non-2xx, network error or a wrong page)`);
  if (rss.growthFraction > tolerances.rssGrowthFraction || rss.growthMb > tolerances.rssGrowthMb) {
    failures.push(
      `RSS grew ${rss.growthMb.toFixed(1)} MB (${(rss.growthFraction * 100).toFixed(1)} %) from the first to the last third of the run; allowed: ${(tolerances.rssGrowthFraction * 100).toFixed(0)} % and ${tolerances.rssGrowthMb} MB`,
    );
  }
  const fds = series((sample) => sample.fds);
  const sourceHandles = series((sample) => sample.sourceHandles);
  // Database connections are left out: a pool grows to its configured size under load and keeps
  // idle connections for a while (knex: 30 s), and it is bounded; a leaked connection shows up as
  // pool exhaustion, i.e. failed requests. Everything else must come back to where it was.
  const otherBefore = fds.idleBefore - sourceHandles.idleBefore;
  const otherAfter = fds.idleAfter - sourceHandles.idleAfter;
  if (otherAfter > otherBefore + tolerances.fdGrowth) {
    failures.push(`open fds other than database connections grew from ${otherBefore} to ${otherAfter} (idle, before and after the load); allowed: +${tolerances.fdGrowth}`);
  }
  return {
    rows,
    rss,
    fds,
    httpSockets: series((sample) => sample.httpSockets),
    sourceHandles,
    failures,
  };
}

export function renderTable(summary: SoakSummary): string {
  const ms = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(value < 10 ? 1 : 0));
  const lines: string[] = [];
  const pad = (cells: Array<string | number>, widths: number[]) => cells.map((cell, index) => (index === 0 ? String(cell).padEnd(widths[index]) : String(cell).padStart(widths[index]))).join('  ');
  const widths = [14, 9, 7, 9, 9, 9, 9, 9];
  lines.push(pad(['requests', 'count', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'MB'], widths));
  for (const row of summary.rows) {
    if (row.category === 'total') lines.push('-'.repeat(widths.reduce((sum, width) => sum + width + 2, -2)));
    lines.push(pad([row.category === 'fixed' ? 'fixed (ac)' : row.category, row.requests, row.errors, ms(row.p50), ms(row.p95), ms(row.p99), ms(row.max), row.mb.toFixed(1)], widths));
  }
  lines.push('');
  const serverWidths = [22, 12, 8, 8, 8, 12];
  lines.push(pad(['server process', 'idle before', 'start', 'max', 'end', 'idle after'], serverWidths));
  const seriesRow = (label: string, series: { start: number; max: number; end: number; idleBefore: number; idleAfter: number }, digits: number) =>
    pad([label, series.idleBefore.toFixed(digits), series.start.toFixed(digits), series.max.toFixed(digits), series.end.toFixed(digits), series.idleAfter.toFixed(digits)], serverWidths);
  lines.push(seriesRow('RSS MB', summary.rss, 1));
  lines.push(seriesRow('open fds', summary.fds, 0));
  lines.push(seriesRow('HTTP sockets', summary.httpSockets, 0));
  lines.push(seriesRow('DB handles', summary.sourceHandles, 0));
  lines.push(
    `RSS, mean of the first third → last third of the run: ${summary.rss.firstThirdMean.toFixed(1)} → ${summary.rss.lastThirdMean.toFixed(1)} MB (${summary.rss.growthMb >= 0 ? '+' : ''}${summary.rss.growthMb.toFixed(1)} MB, ${(summary.rss.growthFraction * 100).toFixed(1)} %)`,
  );
  return lines.join('\n');
}
