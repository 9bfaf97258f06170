import { OAuthError } from '../errors/oauth-error';
import { formParam, presentedCredentials } from './token-request';

const basic = (text: string): string => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe(presentedCredentials.name, () => {
  it('reads HTTP Basic, splitting at the first colon', () => {
    expect(presentedCredentials(basic('demo-client:se:cret'), {})).toEqual([{ clientId: 'demo-client', clientSecret: 'se:cret' }]);
  });

  it('form-decodes Basic credentials (RFC 6749 §2.3.1), then falls back to the raw text', () => {
    expect(presentedCredentials(basic('a%40b:x+y%2Bz'), {})).toEqual([
      { clientId: 'a@b', clientSecret: 'x y+z' },
      { clientId: 'a%40b', clientSecret: 'x+y%2Bz' },
    ]);
  });

  it('keeps a secret that is not valid percent-encoding as it is', () => {
    expect(presentedCredentials(basic('id:100%'), {})).toEqual([{ clientId: 'id', clientSecret: '100%' }]);
  });

  it('reads client_id/client_secret from the body', () => {
    expect(presentedCredentials(undefined, { client_id: 'id', client_secret: 's' })).toEqual([{ clientId: 'id', clientSecret: 's' }]);
  });

  it('accepts both when they agree, keeping only agreeing candidates', () => {
    expect(presentedCredentials(basic('id:a+b'), { client_id: 'id', client_secret: 'a+b' })).toEqual([{ clientId: 'id', clientSecret: 'a+b' }]);
    expect(presentedCredentials(basic('id:s'), { client_id: 'id' })).toEqual([{ clientId: 'id', clientSecret: 's' }]);
  });

  it.each<[string, string | undefined, Record<string, unknown>, string]>([
    ['disagreeing header and body', basic('id:s'), { client_id: 'other', client_secret: 's' }, 'invalid_request'],
    ['no credentials at all', undefined, {}, 'invalid_client'],
    ['Basic without a colon', basic('just-an-id'), {}, 'invalid_client'],
    ['Basic that is not base64', 'Basic ***', {}, 'invalid_client'],
    ['a repeated client_id', undefined, { client_id: ['a', 'b'], client_secret: 's' }, 'invalid_request'],
  ])('refuses %s', (_title, header, body, error) => {
    expect(() => presentedCredentials(header, body)).toThrow(expect.objectContaining({ error }));
  });

  it('ignores an Authorization header of another scheme', () => {
    expect(presentedCredentials('Bearer abc', { client_id: 'id', client_secret: 's' })).toEqual([{ clientId: 'id', clientSecret: 's' }]);
  });
});

describe(formParam.name, () => {
  it('returns a single string value or undefined', () => {
    expect(formParam({ grant_type: 'client_credentials' }, 'grant_type')).toBe('client_credentials');
    expect(formParam({}, 'grant_type')).toBeUndefined();
  });

  it('refuses a repeated parameter', () => {
    expect(() => formParam({ scope: ['a', 'b'] }, 'scope')).toThrow(OAuthError);
  });
});
