import pc from 'picocolors';
import type { LogDestination } from './root-logger';

/** Fields every line has, or that the formatter shows in a fixed place. */
const PLACED = new Set(['level', 'time', 'msg', 'reqId', 'context', 'pid', 'hostname']);

type Colours = ReturnType<typeof pc.createColors>;

/**
 * One structured log record as one readable line, for `LOG_FORMAT=pretty` on a terminal:
 * `12:04:05.123 INFO  [reqId] context: message key=value …`. The JSON stays the source of truth;
 * this only rearranges it, so nothing is shown here that the JSON line would not carry.
 */
export function formatLogLine(record: Record<string, unknown>, colours: Colours = pc.createColors(false)): string {
  const time = typeof record.time === 'string' ? record.time.slice(11, 23) : new Date().toISOString().slice(11, 23);
  const level = String(record.level ?? 'info');
  const paint = level === 'error' || level === 'fatal' ? colours.red : level === 'warn' ? colours.yellow : level === 'info' ? colours.green : colours.dim;
  const parts = [colours.dim(time), paint(level.toUpperCase().padEnd(5))];
  if (record.reqId !== undefined) parts.push(colours.dim(`[${String(record.reqId)}]`));
  if (record.context !== undefined) parts.push(colours.cyan(`${String(record.context)}:`));
  if (record.msg !== undefined) parts.push(String(record.msg));
  for (const [key, value] of Object.entries(record)) {
    if (!PLACED.has(key) && value !== undefined) parts.push(`${colours.dim(`${key}=`)}${formatValue(value)}`);
  }
  return parts.join(' ');
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/** A pino destination that writes each record as formatLogLine's line to `destination`. */
export function prettyLines(destination: LogDestination, colour: boolean): LogDestination {
  const colours = pc.createColors(colour);
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (line === '') continue;
        let record: Record<string, unknown>;
        try {
          record = JSON.parse(line) as Record<string, unknown>;
        } catch {
          destination.write(`${line}\n`);
          continue;
        }
        destination.write(`${formatLogLine(record, colours)}\n`);
      }
    },
  };
}
