import { statusInfo, withMessageRef } from './status-info';

describe('statusInfo', () => {
  it('builds the bare 1.1 payload with the request id as imsx_messageRefIdentifier', () => {
    expect(statusInfo('unknownobject', 'Unknown Object', { messageRef: 'req-1' })).toEqual({
      imsx_codeMajor: 'failure',
      imsx_severity: 'error',
      imsx_description: 'Unknown Object',
      imsx_messageRefIdentifier: 'req-1',
      imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'unknownobject' }] },
    });
  });

  it('stamps a warning built before the request id was known, without changing the original', () => {
    const warning = statusInfo('invalid_sort_field', 'Unknown sort field', { codeMajor: 'success', severity: 'warning' });
    expect(warning).not.toHaveProperty('imsx_messageRefIdentifier');
    expect(withMessageRef(warning, 'req-7f3a')).toEqual({ ...warning, imsx_messageRefIdentifier: 'req-7f3a' });
    expect(warning).not.toHaveProperty('imsx_messageRefIdentifier');
  });
});
