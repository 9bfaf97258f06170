import { formatLogLine, prettyLines } from './pretty-lines';

describe(formatLogLine.name, () => {
  it('puts time, level, request id, context and message first, then the other fields', () => {
    const line = formatLogLine({
      level: 'info',
      time: '2026-11-29T10:15:34.906Z',
      pid: 1,
      hostname: 'h',
      reqId: 'abc-1',
      context: 'Auth',
      msg: 'request completed',
      route: '/ims/oneroster/v1p1/users',
      status: 200,
      note: 'two words',
    });
    expect(line).toBe('10:15:34.906 INFO  [abc-1] Auth: request completed route=/ims/oneroster/v1p1/users status=200 note="two words"');
  });

  it('shows nested values as JSON', () => {
    expect(formatLogLine({ level: 'error', time: '2026-11-29T10:15:34.906Z', msg: 'x', err: { type: 'Error' } })).toBe('10:15:34.906 ERROR x err={"type":"Error"}');
  });
});

describe(prettyLines.name, () => {
  it('rewrites each JSON line and passes anything else through', () => {
    const written: string[] = [];
    const sut = prettyLines({ write: (text: string) => written.push(text) }, false);
    sut.write('{"level":"warn","time":"2026-11-29T10:15:34.906Z","msg":"careful"}\n');
    sut.write('not json\n');
    expect(written).toEqual(['10:15:34.906 WARN  careful\n', 'not json\n']);
  });
});
