import { isMap, isScalar, isSeq, LineCounter, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { SourceLocation } from './compiled-mapping';
import type { MappingDiagnostic, MappingDiagnosticCode } from './diagnostics/mapping-diagnostic';

/** Per-file state shared by every cursor: where diagnostics go and how offsets become lines. */
export interface MappingFileContext {
  readonly file: string;
  readonly lineCounter: LineCounter;
  readonly diagnostics: MappingDiagnostic[];
}

/**
 * A position in a parsed YAML document: the node, its path for messages, and the means to report
 * a problem at exactly that node. The readers walk cursors instead of plain objects so that every
 * diagnostic carries file, line and column.
 */
export class YamlCursor {
  constructor(
    readonly node: Node | null | undefined,
    readonly path: string,
    readonly context: MappingFileContext,
    private readonly fallbackOffset = 0,
  ) {}

  get location(): SourceLocation {
    const offset = this.node?.range?.[0] ?? this.fallbackOffset;
    const { line, col } = this.context.lineCounter.linePos(offset);
    return { file: this.context.file, line, column: col };
  }

  error(code: MappingDiagnosticCode, message: string): void {
    const { line, column } = this.location;
    this.context.diagnostics.push({ file: this.context.file, line, column, code, message, path: this.path || '(root)' });
  }

  isMap(): boolean {
    return isMap(this.node);
  }

  isSeq(): boolean {
    return isSeq(this.node);
  }

  isScalar(): boolean {
    return isScalar(this.node) || this.node === null || this.node === undefined;
  }

  /** The plain value of a scalar node (string, number, boolean or null). */
  scalar(): unknown {
    return isScalar(this.node) ? (this.node as Scalar).value : null;
  }

  /** The value as a string if it is a string scalar; reports and returns undefined otherwise. */
  string(what: string): string | undefined {
    const value = this.scalar();
    if (isScalar(this.node) && typeof value === 'string') return value;
    this.error('MAPPING_WRONG_TYPE', `${what} must be a text value`);
    return undefined;
  }

  keys(): string[] {
    return this.pairs().map((pair) => String(isScalar(pair.key) ? (pair.key as Scalar).value : pair.key));
  }

  has(key: string): boolean {
    return this.keys().includes(key);
  }

  get(key: string): YamlCursor | undefined {
    const pair = this.pairs().find((candidate) => isScalar(candidate.key) && String((candidate.key as Scalar).value) === key);
    if (!pair) return undefined;
    return new YamlCursor(pair.value as Node | null, this.childPath(key), this.context, (pair.key as Node)?.range?.[0] ?? this.fallbackOffset);
  }

  /** The key node of an entry, for diagnostics about the key itself (unknown field names). */
  keyCursor(key: string): YamlCursor {
    const pair = this.pairs().find((candidate) => isScalar(candidate.key) && String((candidate.key as Scalar).value) === key);
    return new YamlCursor((pair?.key as Node) ?? this.node, this.childPath(key), this.context, this.fallbackOffset);
  }

  entries(): Array<[string, YamlCursor]> {
    return this.keys().map((key) => [key, this.get(key)!]);
  }

  items(): YamlCursor[] {
    if (!isSeq(this.node)) return [];
    return (this.node as YAMLSeq).items.map(
      (item, index) => new YamlCursor(item as Node | null, `${this.path}[${index}]`, this.context, this.node?.range?.[0] ?? this.fallbackOffset),
    );
  }

  /** Reports keys outside `allowed` (with a did-you-mean hint) and missing `required` keys. */
  checkKeys(allowed: readonly string[], required: readonly string[], what: string): boolean {
    let ok = true;
    for (const key of this.keys()) {
      if (!allowed.includes(key)) {
        ok = false;
        const hint = closest(key, allowed);
        this.keyCursor(key).error('MAPPING_UNKNOWN_KEY', `unknown key "${key}" in ${what}${hint ? `; did you mean "${hint}"?` : ''} (allowed: ${allowed.join(', ')})`);
      }
    }
    for (const key of required) {
      if (!this.has(key)) {
        ok = false;
        this.error('MAPPING_MISSING_KEY', `${what} needs "${key}"`);
      }
    }
    return ok;
  }

  private pairs(): Pair[] {
    return isMap(this.node) ? ((this.node as YAMLMap).items as Pair[]) : [];
  }

  private childPath(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }
}

/** The allowed word closest to `word` by edit distance, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
