import {
  baseStringUri,
  computeSignature,
  normalizeParameters,
  OAuth1FormatError,
  parseFormEncoded,
  parseOAuthAuthorization,
  percentEncode,
  readOAuth1Request,
  signatureBaseString,
  signatureMatches,
} from './oauth1-signature';

const header = (params: Record<string, string>): string =>
  `OAuth ${Object.entries(params).map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`).join(', ')}`;

describe('OAuth 1.0a signatures', () => {
  describe('RFC 5849 test vectors', () => {
    // §3.4.1: the request with query, form body and a realm; its base string is given verbatim.
    const RFC_HEADER =
      'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", ' +
      'oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="bYT5CMsGcbgUHM8ZzmPK1OM9mRs%3D"';

    it('builds the §3.4.1.1 signature base string (query, body, header; realm and oauth_signature left out)', () => {
      const request = readOAuth1Request({ method: 'post', url: 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b', authorization: RFC_HEADER, formBody: 'c2&a3=2+q' });
      expect(request.baseString).toBe(
        'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26' +
          'oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
      );
      expect(request).toMatchObject({ consumerKey: '9djdj82h48djs9d2', signatureMethod: 'HMAC-SHA1', timestamp: '137131201', nonce: '7d8f3e4a', signature: 'bYT5CMsGcbgUHM8ZzmPK1OM9mRs=', token: 'kkk9d7dh3k39sjv7' });
    });

    it('normalizes the §3.4.1.3.2 parameters', () => {
      const params = [...parseFormEncoded('b5=%3D%253D&a3=a&c%40=&a2=r%20b'), ...parseFormEncoded('c2&a3=2+q'),
        ['oauth_consumer_key', '9djdj82h48djs9d2'], ['oauth_token', 'kkk9d7dh3k39sjv7'], ['oauth_signature_method', 'HMAC-SHA1'],
        ['oauth_timestamp', '137131201'], ['oauth_nonce', '7d8f3e4a']] as const;
      expect(normalizeParameters(params)).toBe(
        'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7',
      );
    });

    it.each([
      ['HTTP://EXAMPLE.COM:80/r%20v/X?id=123', 'http://example.com/r%20v/X'],
      ['https://www.example.net:8080/?q=1', 'https://www.example.net:8080/'],
      ['https://Sis.Example.org:443/ims/oneroster/v1p1/users?limit=2', 'https://sis.example.org/ims/oneroster/v1p1/users'],
    ])('gives the §3.4.1.2 base string URI of %s', (url, expected) => {
      expect(baseStringUri(url)).toBe(expected);
    });

    it('verifies the §1.2 HMAC-SHA1 example (with its token secret)', () => {
      const authorization = header({
        realm: 'Photos', oauth_consumer_key: 'dpf43f3p2l4k3l03', oauth_token: 'nnch734d00sl2jdk', oauth_signature_method: 'HMAC-SHA1',
        oauth_timestamp: '137131202', oauth_nonce: 'chapoH', oauth_signature: 'MdpQcU8iPSUjWoN/UDMsK2sui9I=',
      });
      const request = readOAuth1Request({ method: 'GET', url: 'http://photos.example.net/photos?file=vacation.jpg&size=original', authorization });
      expect(computeSignature('HMAC-SHA1', request.baseString, 'kd94hf93k423kf44', 'pfkkdhi9sl3r4s00')).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=');
    });
  });

  it("verifies Twitter's documented HMAC-SHA1 request (a real client's vector: spaces, '+', ',', '!' in a form body)", () => {
    const authorization = header({
      oauth_consumer_key: 'xvz1evFS4wEEPTGEFPHBog', oauth_nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', oauth_signature: 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=',
      oauth_signature_method: 'HMAC-SHA1', oauth_timestamp: '1318622958', oauth_token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', oauth_version: '1.0',
    });
    const request = readOAuth1Request({
      method: 'POST', url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true', authorization,
      formBody: 'status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21',
    });
    expect(request.baseString).toBe(
      'POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
    );
    expect(computeSignature('HMAC-SHA1', request.baseString, 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw', 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE')).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });

  describe('a two-legged OneRoster request (expected values computed independently with Python hmac)', () => {
    const SECRET = 's3cr3t with space+plus';
    const BASE = (method: string) =>
      `GET&https%3A%2F%2Fsis.example.org%2Fims%2Foneroster%2Fv1p1%2Fusers&filter%3Drole%253D%2527teacher%2527%26limit%3D2%26oauth_consumer_key%3Doneroster-consumer%26oauth_nonce%3Db7f1c2d3%26oauth_signature_method%3D${method}%26oauth_timestamp%3D1767225600%26oauth_version%3D1.0`;
    const signedWith = (method: 'HMAC-SHA1' | 'HMAC-SHA256', signature: string, url: string) =>
      readOAuth1Request({
        method: 'GET', url,
        authorization: header({ oauth_consumer_key: 'oneroster-consumer', oauth_nonce: 'b7f1c2d3', oauth_signature_method: method, oauth_timestamp: '1767225600', oauth_version: '1.0', oauth_signature: signature }),
      });

    it.each([
      ['HMAC-SHA256', '+2SVj0IOrqmYvNQbIqLeUCdK9lPchtI1rIxF1AdNoqQ='],
      ['HMAC-SHA1', 'NWMVihC7ADNRBSNlb3bhQW4iy9M='],
    ] as const)('%s, whether the quote in the filter arrives raw or percent-encoded', (method, signature) => {
      for (const url of ["https://sis.example.org/ims/oneroster/v1p1/users?limit=2&filter=role%3D'teacher'", 'https://SIS.example.org:443/ims/oneroster/v1p1/users?filter=role%3D%27teacher%27&limit=2']) {
        const request = signedWith(method, signature, url);
        expect(request.baseString).toBe(BASE(method));
        expect(signatureMatches(request, SECRET)).toBe(true);
        expect(signatureMatches(request, `${SECRET}x`)).toBe(false);
      }
    });

    it('fails when any query parameter changes', () => {
      const request = signedWith('HMAC-SHA256', '+2SVj0IOrqmYvNQbIqLeUCdK9lPchtI1rIxF1AdNoqQ=', "https://sis.example.org/ims/oneroster/v1p1/users?limit=3&filter=role%3D'teacher'");
      expect(signatureMatches(request, SECRET)).toBe(false);
    });

    it('does not accept a signature of another length or a truncated one', () => {
      expect(signatureMatches(signedWith('HMAC-SHA256', '+2SVj0IOrqmYvNQb', 'https://sis.example.org/ims/oneroster/v1p1/users?limit=2&filter=role%3D%27teacher%27'), SECRET)).toBe(false);
    });
  });

  describe('encoding', () => {
    it.each([
      ['a b', 'a%20b'],
      ['a+b', 'a%2Bb'],
      ["role='teacher'", 'role%3D%27teacher%27'],
      ['!*()~-._', '%21%2A%28%29~-._'],
      ['Zoë 名', 'Zo%C3%AB%20%E5%90%8D'],
      ['😀', '%F0%9F%98%80'],
    ])('percent-encodes %p as %p (RFC 3986, upper-case hex, UTF-8)', (text, encoded) => {
      expect(percentEncode(text)).toBe(encoded);
    });

    it("decodes the query as a form: '+' is a space, %2B a plus, %27 and ' the same quote", () => {
      expect(parseFormEncoded("a=x+y&b=x%2By&c=%27q'&d&e=&=f&g=a%3Db=c")).toEqual([
        ['a', 'x y'], ['b', 'x+y'], ['c', "'q'"], ['d', ''], ['e', ''], ['', 'f'], ['g', 'a=b=c'],
      ]);
    });

    it('sorts repeated parameters by value, and names by byte order (upper case first)', () => {
      expect(normalizeParameters([['b', '2'], ['a', 'z'], ['a', 'Z'], ['a', '1'], ['B', 'x'], ['a', '']])).toBe('B=x&a=&a=1&a=Z&a=z&b=2');
    });

    it('signs a space in a value as %20 whether it arrived as + or %20', () => {
      const base = (query: string) => signatureBaseString('GET', `http://h/p?${query}`, parseFormEncoded(query));
      expect(base('q=a+b')).toBe(base('q=a%20b'));
      expect(base('q=a+b')).not.toBe(base('q=a%2Bb'));
    });

    it('refuses malformed percent-encoding', () => {
      expect(() => parseFormEncoded('q=%E0%A4%A')).toThrow(OAuth1FormatError);
      expect(() => parseFormEncoded('q=%ZZ')).toThrow(OAuth1FormatError);
    });
  });

  describe('the Authorization header', () => {
    it('parses name="value" pairs, percent-decoded, with or without spaces and line folding', () => {
      expect(parseOAuthAuthorization('OAuth realm="oneroster",oauth_consumer_key="a%20b" ,\n  oauth_nonce="x%2By"')).toEqual([
        ['realm', 'oneroster'], ['oauth_consumer_key', 'a b'], ['oauth_nonce', 'x+y'],
      ]);
    });

    it.each(['OAuth oauth_nonce=unquoted', 'OAuth oauth_nonce="a" oauth_timestamp="1"', 'OAuth "x"', 'OAuth a="b", c'])('refuses %p', (text) => {
      expect(() => parseOAuthAuthorization(text)).toThrow(OAuth1FormatError);
    });
  });

  describe('reading a request', () => {
    const VALID = { oauth_consumer_key: 'k', oauth_nonce: 'n', oauth_signature_method: 'HMAC-SHA1', oauth_timestamp: '1', oauth_signature: 's' };

    it('takes the protocol parameters from the query when there is no OAuth header', () => {
      const query = Object.entries(VALID).map(([n, v]) => `${n}=${percentEncode(v)}`).join('&');
      const request = readOAuth1Request({ method: 'GET', url: `http://h/p?limit=1&${query}` });
      expect(request).toMatchObject({ consumerKey: 'k', signature: 's' });
      expect(request.baseString).not.toContain('oauth_signature%3D');
      expect(request.baseString).toContain('limit%3D1');
    });

    it.each([
      ['PLAINTEXT', { ...VALID, oauth_signature_method: 'PLAINTEXT' }, /Unsupported oauth_signature_method/],
      ['RSA-SHA1', { ...VALID, oauth_signature_method: 'RSA-SHA1' }, /Unsupported oauth_signature_method/],
      ['a missing nonce', { ...VALID, oauth_nonce: '' }, /Missing OAuth parameter\(s\): oauth_nonce/],
      ['oauth_version 2.0', { ...VALID, oauth_version: '2.0' }, /oauth_version must be 1\.0/],
    ])('refuses %s', (_title, params, message) => {
      expect(() => readOAuth1Request({ method: 'GET', url: 'http://h/p', authorization: header(params) })).toThrow(message);
    });

    it('refuses a protocol parameter given both in the header and the query', () => {
      expect(() => readOAuth1Request({ method: 'GET', url: 'http://h/p?oauth_nonce=other', authorization: header(VALID) })).toThrow(/oauth_nonce is given more than once/);
    });
  });
});
