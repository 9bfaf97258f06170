import { manifestCsv } from './manifest';
import { readCsv } from './read-csv';

describe('manifestCsv', () => {
  it('lists every file of the 1.1 binding: bulk or delta for those written, absent for the others', () => {
    const text = manifestCsv(new Map([['users', 'bulk'], ['orgs', 'bulk']]), { systemName: 'oneroster-adapter', systemCode: '0.1.0' });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(readCsv(text)).toEqual([
      ['propertyName', 'value'],
      ['manifest.version', '1.0'],
      ['oneroster.version', '1.1'],
      ['file.academicSessions', 'absent'],
      ['file.categories', 'absent'],
      ['file.classes', 'absent'],
      ['file.classResources', 'absent'],
      ['file.courses', 'absent'],
      ['file.courseResources', 'absent'],
      ['file.demographics', 'absent'],
      ['file.enrollments', 'absent'],
      ['file.lineItems', 'absent'],
      ['file.orgs', 'bulk'],
      ['file.resources', 'absent'],
      ['file.results', 'absent'],
      ['file.users', 'bulk'],
      ['source.systemName', 'oneroster-adapter'],
      ['source.systemCode', '0.1.0'],
    ]);
  });

  it('says delta for the files of a delta export', () => {
    const rows = readCsv(manifestCsv(new Map([['enrollments', 'delta']]), { systemName: 'a', systemCode: 'b' }));
    expect(rows.filter(([, value]) => value === 'delta')).toEqual([['file.enrollments', 'delta']]);
  });
});
