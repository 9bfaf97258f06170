import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Controller, Get, INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { requestIdMiddleware } from '../api/request-id';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/load-config';
import { OneRosterExceptionFilter } from '../errors/oneroster-exception.filter';
import { AuthModule } from './auth.module';
import { AuthenticatedClient } from './authenticated-client';
import { AuthenticatedClientParam } from './client.decorator';
import { Public } from './public.decorator';
import { RequireScopes } from './require-scopes.decorator';
import { ALL_SCOPES, ROSTER_CORE_READONLY, ROSTER_DEMOGRAPHICS_READONLY, ROSTER_READONLY } from './scopes';

const DEMO = { id: 'demo-client', secret: 'demo-secret' };
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

@Controller('test')
class TestOnlyController {
  @Get('core')
  @RequireScopes(ROSTER_CORE_READONLY, ROSTER_READONLY)
  core(@AuthenticatedClientParam() client: AuthenticatedClient): { clientId: string } {
    return { clientId: client.clientId };
  }

  @Get('demographics')
  @RequireScopes(ROSTER_DEMOGRAPHICS_READONLY)
  demographics(): { ok: true } {
    return { ok: true };
  }

  @Get('any-token')
  anyToken(): { ok: true } {
    return { ok: true };
  }

  @Get('health')
  @Public()
  health(): { ok: true } {
    return { ok: true };
  }
}

describe('AuthModule over HTTP', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const config = loadConfig({}, resolve(__dirname, '../..'));
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), AuthModule],
      controllers: [TestOnlyController],
      providers: [{ provide: APP_FILTER, useClass: OneRosterExceptionFilter }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.use(requestIdMiddleware);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(() => app?.close());

  const requestToken = (body: string, headers: Record<string, string> = { ...FORM, Authorization: basic(DEMO.id, DEMO.secret) }) =>
    fetch(`${baseUrl}/oauth/token`, { method: 'POST', headers, body });

  async function tokenFor(scope?: string): Promise<string> {
    const response = await requestToken(`grant_type=client_credentials${scope ? `&scope=${encodeURIComponent(scope)}` : ''}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  const get = (path: string, token?: string) => fetch(`${baseUrl}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  describe('POST /oauth/token', () => {
    it('issues a token for HTTP Basic credentials, uncached', async () => {
      const response = await requestToken('grant_type=client_credentials');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('pragma')).toBe('no-cache');
      expect(await response.json()).toEqual({
        access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        token_type: 'bearer',
        expires_in: 3600,
        // No scope requested: everything the client may have, both versions, 1.1 first.
        scope: ALL_SCOPES.join(' '),
      });
    });

    it('issues a token for client_id/client_secret in the form body', async () => {
      const response = await requestToken(`grant_type=client_credentials&client_id=${DEMO.id}&client_secret=${DEMO.secret}`, FORM);
      expect(response.status).toBe(200);
    });

    it('accepts a JSON body too', async () => {
      const body = JSON.stringify({ grant_type: 'client_credentials', client_id: DEMO.id, client_secret: DEMO.secret });
      const response = await requestToken(body, { 'Content-Type': 'application/json' });
      expect(response.status).toBe(200);
    });

    it('refuses a wrong secret with 401 invalid_client and a Basic challenge', async () => {
      const response = await requestToken('grant_type=client_credentials', { ...FORM, Authorization: basic(DEMO.id, 'wrong') });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    });

    it.each([
      ['missing grant_type', 400, 'invalid_request', 'scope=roster.readonly'],
      ['grant_type=password', 400, 'unsupported_grant_type', 'grant_type=password&username=u&password=p'],
      ['only unknown scopes', 400, 'invalid_scope', `grant_type=client_credentials&scope=${encodeURIComponent('https://purl.imsglobal.org/spec/or/v1p1/scope/gradebook.readonly')}`],
      ['a repeated grant_type', 400, 'invalid_request', 'grant_type=client_credentials&grant_type=client_credentials'],
    ])('answers %s with %d %s', async (_title, status, error, body) => {
      const response = await requestToken(body);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ error });
    });

    it('narrows requested scopes instead of refusing them', async () => {
      const scope = `${ROSTER_READONLY} https://purl.imsglobal.org/spec/or/v1p1/scope/gradebook.readonly`;
      const response = await requestToken(`grant_type=client_credentials&scope=${encodeURIComponent(scope)}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { scope: string }).scope).toBe(ROSTER_READONLY);
    });
  });

  describe('protected routes', () => {
    it('refuse a request without a token with 401 unauthorisedrequest and a bare Bearer challenge', async () => {
      const response = await get('/test/core');
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="oneroster"');
      const body = (await response.json()) as Record<string, any>;
      expect(body.imsx_codeMajor).toBe('failure');
      expect(body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('unauthorisedrequest');
      expect(body.imsx_messageRefIdentifier).toBe(response.headers.get('x-request-id'));
    });

    it('treat Basic credentials on an API route as no bearer token at all', async () => {
      const response = await fetch(`${baseUrl}/test/core`, { headers: { Authorization: basic(DEMO.id, DEMO.secret) } });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="oneroster"');
    });

    it.each(['garbage', 'a.b.c'])('refuse the token %p with 401 invalid_token', async (token) => {
      const response = await get('/test/core', token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="oneroster", error="invalid_token"');
      expect(await response.json()).toMatchObject({ imsx_codeMajor: 'failure' });
    });

    it('open with a valid token and pass the client to the handler', async () => {
      const response = await get('/test/core', await tokenFor());
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ clientId: DEMO.id });
    });

    it('open core routes to a roster.readonly-only token (as Google requests)', async () => {
      expect((await get('/test/core', await tokenFor('roster.readonly'))).status).toBe(200);
    });

    it('refuse a token without the demographics scope with 403 forbidden', async () => {
      const response = await get('/test/demographics', await tokenFor(`${ROSTER_READONLY} ${ROSTER_CORE_READONLY}`));
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="insufficient_scope"/);
      const body = (await response.json()) as Record<string, any>;
      expect(body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('forbidden');
    });

    it('open demographics routes to a token with the demographics scope', async () => {
      expect((await get('/test/demographics', await tokenFor('roster-demographics.readonly'))).status).toBe(200);
    });

    it('accept any valid token on a route without @RequireScopes, but still demand one', async () => {
      expect((await get('/test/any-token', await tokenFor('roster-demographics.readonly'))).status).toBe(200);
      expect((await get('/test/any-token')).status).toBe(401);
    });

    it('leave @Public() routes open', async () => {
      expect((await get('/test/health')).status).toBe(200);
    });
  });
});
