/**
 * `--tables STU_*,SECT_*`: comma-separated glob patterns (`*` any run of characters, `?` one
 * character), compared case-insensitively as SIS table names often are.
 */
export function tablePattern(patterns: string): (name: string) => boolean {
  const expressions = patterns
    .split(',')
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '')
    .map((pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i'));
  return (name) => expressions.some((expression) => expression.test(name));
}
