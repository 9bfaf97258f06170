/**
 * Just enough of the Dockerfile grammar to check the file against the app without a Docker
 * engine: instructions with their continuation lines joined, stages, global ARG defaults
 * substituted into FROM, exec-form (JSON) arguments, ENV pairs and COPY sources.
 */
export interface DockerInstruction {
  readonly keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  readonly args: string;
  /** 1-based line of the keyword, for messages. */
  readonly line: number;
}

export interface DockerStage {
  readonly name?: string;
  /** The image (global ARGs substituted) or the name of an earlier stage. */
  readonly base: string;
  readonly instructions: readonly DockerInstruction[];
}

export interface Dockerfile {
  readonly stages: readonly DockerStage[];
}

export interface DockerCopy {
  readonly from?: string;
  readonly sources: readonly string[];
  readonly destination: string;
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions = joinInstructions(text);
  const globalArgs = new Map<string, string>();
  const stages: Array<{ name?: string; base: string; instructions: DockerInstruction[] }> = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const base = words[0].replace(/\$\{?(\w+)\}?/g, (_, name: string) => globalArgs.get(name) ?? '');
      const name = words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
      stages.push({ name, base, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [name, value = ''] = instruction.args.split('=', 2);
        globalArgs.set(name.trim(), value.trim());
      }
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { stages };
}

/** The instructions of a stage with this keyword. */
export function instructionsOf(stage: DockerStage, keyword: string): DockerInstruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** Exec form (`["node", "x.js"]`) as its array; shell form split on white space. */
export function commandWords(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as string[];
  return trimmed.split(/\s+/);
}

/** `ENV A=1 B="two"` (or the legacy `ENV A 1`) as name → value. */
export function envPairs(args: string): Map<string, string> {
  const pairs = new Map<string, string>();
  if (!/^\S+=/.test(args.trim())) {
    const [name, ...rest] = args.trim().split(/\s+/);
    pairs.set(name, rest.join(' '));
    return pairs;
  }
  for (const match of args.matchAll(/(\w+)=("([^"]*)"|(\S*))/g)) pairs.set(match[1], match[3] ?? match[4]);
  return pairs;
}

export function parseCopy(args: string): DockerCopy {
  const words = args.trim().split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), destination: paths[paths.length - 1] };
}

/** HEALTHCHECK's command: the words after `CMD`, options skipped; undefined for `NONE`. */
export function healthcheckCommand(args: string): string[] | undefined {
  const match = /(?:^|\s)CMD\s+(.*)$/s.exec(args);
  return match ? commandWords(match[1]) : undefined;
}

function joinInstructions(text: string): DockerInstruction[] {
  const result: DockerInstruction[] = [];
  let pending: { keyword: string; parts: string[]; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    // Comment lines are dropped, inside a continued instruction too (as Docker does).
    if (/^\s*#/.test(line) || (line.trim() === '' && !pending)) return;
    const continues = line.endsWith('\\');
    const body = continues ? line.slice(0, -1) : line;
    if (!pending) {
      const match = /^\s*(\w+)\s*(.*)$/.exec(body);
      if (!match) return;
      pending = { keyword: match[1].toUpperCase(), parts: [match[2].trim()], line: index + 1 };
    } else {
      pending.parts.push(body.trim());
    }
    if (!continues) {
      result.push({ keyword: pending.keyword, args: pending.parts.filter(Boolean).join(' '), line: pending.line });
      pending = undefined;
    }
  });
  return result;
}
