import pc from 'picocolors';
import { median } from './http-client';
import type { DatabaseResult } from './run-database';
import { LARGE_PAGE_LIMIT, PAGE_LIMIT } from './run-database';

export interface Target {
  readonly name: string;
  readonly value: number | undefined;
  readonly unit: '×' | 'MB';
  /** The bound; undefined: reported for information. */
  readonly bound?: number;
  readonly met?: boolean;
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** The ratios the issue sets targets for (issue 6), from one database's measurements. */
export function computeTargets(result: DatabaseResult): Target[] {
  const walkMs = sum(result.walk.map((walk) => walk.ms));
  const floorMs = sum(result.floor.map((floor) => floor.ms));
  const deltaMs = sum(result.delta.map((walk) => walk.ms));
  const latency = result.latency;
  const ratio = (numerator: number, denominator: number) => (numerator > 0 && denominator > 0 ? numerator / denominator : undefined);
  const target = (name: string, value: number | undefined, unit: Target['unit'], bound?: number): Target => ({
    name,
    value,
    unit,
    bound,
    met: bound === undefined || value === undefined ? undefined : value <= bound,
  });
  return [
    target('full walk ÷ floor', result.floor.length ? ratio(walkMs, floorMs) : undefined, '×', 1.3),
    target(`last ÷ first page, walked (${latency?.collection ?? 'enrollments'})`, latency?.walkedFinalMs.length ? ratio(median(latency.walkedFinalMs), median(latency.firstMs)) : undefined, '×', 1.5),
    target('last ÷ first page, cold jump', latency?.coldFinalMs.length ? ratio(median(latency.coldFinalMs), median(latency.firstMs)) : undefined, '×'),
    target('delta ÷ full walk', result.delta.length ? ratio(deltaMs, walkMs) : undefined, '×', 0.05),
    target(`peak RSS, limit=${LARGE_PAGE_LIMIT}`, result.largeWalkPeakRssMb, 'MB', 300),
    target(`peak RSS, limit=${PAGE_LIMIT}`, result.walkPeakRssMb, 'MB'),
    // X-Total-Count must not double a page's cost: its COUNT at most as dear as the page itself.
    target('count ÷ page (all collections)', result.counts.length ? ratio(sum(result.counts.map((cost) => cost.countMs)), sum(result.counts.map((cost) => cost.pageMs))) : undefined, '×', 1),
  ];
}

const s = (ms: number | undefined) => (ms === undefined ? '—' : (ms / 1000).toFixed(ms < 10000 ? 2 : 1));
const mb = (bytes: number | undefined) => (bytes === undefined ? '—' : (bytes / 2 ** 20).toFixed(1));
const x = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(value < 10 ? 2 : 1));

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index].length)));
  const line = (cells: readonly string[]) => cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join('  ');
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** One database's figures: per collection, then the targets, latency, memory and throughput. */
export function renderDatabase(result: DatabaseResult, targets: readonly Target[]): string {
  if (result.walk.length === 0) return `${pc.bold(result.name)}: nothing measured (${result.display}; see the failures below)`;
  const out: string[] = [];
  out.push(pc.bold(`${result.name}: ${result.version ?? ''} (${result.display})`));
  const rows = result.walk.map((walk) => {
    const floor = result.floor.find((candidate) => candidate.collection === walk.collection);
    const large = result.largeWalk.find((candidate) => candidate.collection === walk.collection);
    const delta = result.delta.find((candidate) => candidate.collection === walk.collection);
    const count = result.counts.find((candidate) => candidate.collection === walk.collection);
    const fidelity = result.fidelity.find((candidate) => candidate.collection === walk.collection);
    return [
      walk.collection,
      String(walk.records),
      String(walk.pages),
      s(walk.ms),
      mb(walk.bytes),
      s(floor?.ms),
      mb(floor?.bytes),
      floor ? x(walk.ms / floor.ms) : '—',
      fidelity ? `${fidelity.identical}/${fidelity.compared}` : '—',
      s(large?.ms),
      delta ? String(delta.records) : '—',
      s(delta?.ms),
      count ? x(count.ratio) : '—',
    ];
  });
  const total = (pick: (result: DatabaseResult) => ReadonlyArray<{ ms: number }>) => sum(pick(result).map((item) => item.ms));
  rows.push([
    'total',
    String(sum(result.walk.map((walk) => walk.records))),
    String(sum(result.walk.map((walk) => walk.pages))),
    s(total((r) => r.walk)),
    mb(sum(result.walk.map((walk) => walk.bytes))),
    result.floor.length ? s(total((r) => r.floor)) : '—',
    result.floor.length ? mb(sum(result.floor.map((floor) => floor.bytes))) : '—',
    result.floor.length ? x(total((r) => r.walk) / total((r) => r.floor)) : '—',
    '',
    result.largeWalk.length ? s(total((r) => r.largeWalk)) : '—',
    result.delta.length ? String(sum(result.delta.map((walk) => walk.records))) : '—',
    result.delta.length ? s(total((r) => r.delta)) : '—',
    '',
  ]);
  out.push(
    table(
      ['collection', 'records', 'pages', 'walk s', 'MB', 'floor s', 'floor MB', 'walk÷floor', 'same', `walk@${LARGE_PAGE_LIMIT} s`, 'delta recs', 'delta s', 'count÷page'],
      rows,
    ),
  );
  out.push('');
  out.push(
    table(
      ['target', 'measured', 'bound', ''],
      targets.map((target) => [
        target.name,
        target.unit === 'MB' ? `${target.value === undefined ? '—' : target.value.toFixed(0)} MB` : x(target.value),
        target.bound === undefined ? '' : `≤ ${target.bound}${target.unit === 'MB' ? ' MB' : ''}`,
        target.met === undefined ? '' : target.met ? pc.green('met') : pc.red('not met'),
      ]),
    ),
  );
  const latency = result.latency;
  if (latency) {
    const ms = (values: readonly number[]) => (values.length ? `${median(values).toFixed(0)} ms (${values.map((value) => value.toFixed(0)).join(', ')})` : '—');
    out.push('');
    out.push(`/${latency.collection}?limit=${latency.limit}, median of 3: first page ${ms(latency.firstMs)}; final page (offset ${latency.finalOffset}, ${latency.finalRecords ?? '?'} records) as walked ${ms(latency.walkedFinalMs)}, cold jump ${ms(latency.coldFinalMs)}`);
  }
  out.push(`adapter memory: peak RSS ${result.walkPeakRssMb?.toFixed(0) ?? '—'} MB walking at limit=${PAGE_LIMIT}, ${result.largeWalkPeakRssMb?.toFixed(0) ?? '—'} MB at limit=${LARGE_PAGE_LIMIT}; process high-water mark ${result.processHwmMb?.toFixed(0) ?? '—'} MB (startup snapshot pass included: ${s(result.snapshotPassMs)} s)`);
  if (result.touch) out.push(`delta: ${result.touch.students} students and ${result.touch.rosterRows} SECT_STU rows touched; filter=dateLastModified>'${result.touch.since}'`);
  const t = result.throughput;
  if (t) out.push(`throughput, ${t.connections} clients × ${t.seconds} s over ${t.paths} URLs: ${t.requestsPerSecond.toFixed(1)} requests/s, latency p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms, ${t.errors} errors (${t.requests} requests)`);
  return out.join('\n');
}
