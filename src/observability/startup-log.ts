import type { Logger } from 'pino';

const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * The `log` of start-up and shutdown messages (the address banner, "SIGTERM received", …): each
 * line is a structured info line, and, when `terminal` is a TTY, also written there as it is
 * (colours included) for the person who started the server.
 */
export function startupLog(logger: Logger, terminal: { write(text: string): unknown; readonly isTTY?: boolean } = process.stderr): (line: string) => void {
  return (line: string) => {
    const text = line.replace(ANSI, '').trim();
    if (text !== '') logger.info(text);
    if (terminal.isTTY === true) terminal.write(`${line}\n`);
  };
}
