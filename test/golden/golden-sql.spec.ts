import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileMappings } from '../../src/mapping/compile-mappings';
import { GOLDEN_CASES, GOLDEN_DIALECTS, MAPPINGS, renderGoldenCase } from './golden-cases';

/**
 * Regenerates the SQL of each representative request for each dialect and compares it with the
 * committed file. `UPDATE_GOLDEN=1 npx jest test/golden` (npm run golden:update) rewrites them.
 */
const update = process.env.UPDATE_GOLDEN === '1';
const mapping = compileMappings(MAPPINGS);

describe('golden SQL per dialect', () => {
  it('covers every dialect and a useful set of requests (a floor against an empty table)', () => {
    expect(GOLDEN_DIALECTS).toEqual(['sqlite', 'mysql', 'postgres', 'mssql']);
    expect(GOLDEN_CASES.length).toBeGreaterThanOrEqual(7);
  });

  describe.each(GOLDEN_CASES.map((golden) => [golden.name, golden] as const))('%s', (name, golden) => {
    it.each(GOLDEN_DIALECTS)('%s matches the committed SQL', (dialect) => {
      const file = join(__dirname, name, `${dialect}.sql`);
      const generated = renderGoldenCase(golden, dialect, mapping);
      if (update) {
        mkdirSync(join(__dirname, name), { recursive: true });
        writeFileSync(file, generated);
      }
      expect(existsSync(file)).toBe(true);
      expect(generated).toBe(readFileSync(file, 'utf8'));
    });
  });

  it('gives SQL Server paging an ORDER BY every time', () => {
    for (const golden of GOLDEN_CASES) {
      const sql = renderGoldenCase(golden, 'mssql', mapping);
      for (const paged of sql.split(';').filter((statement) => /offset @p\d+ rows/.test(statement))) expect(paged).toMatch(/order by [^;]+ offset @p\d+ rows fetch next @p\d+ rows only/);
    }
  });
});
