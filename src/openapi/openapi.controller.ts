import { Controller, Get, Header, Req } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/public.decorator';
import { AppConfig } from '../config/app-config';
import { publicOrigin } from '../http/public-url';
import { OneRosterVersion, V1P1, V1P2 } from '../oneroster/versions';
import { buildOpenApiDocument } from './build-openapi-document';

/** The file names 1.2 service discovery is looked up under (oneroster-spec §9.4): the REST binding's and the conformance guide's. */
export const DISCOVERY_FILE_NAMES = ['onerosterv1p2rostersservice_openapi3_v1p0.json', 'imsorv1p2_rostering_openapi3_v1p0.json'] as const;

/**
 * The OpenAPI documents of both versions, and 1.2's discovery document (the same localized
 * document under the names the 1.2 binding gives it). Public: a consumer reads them before it has
 * a token. Servers and the token URL are those of the request's public origin.
 */
@Public()
@Controller()
export class OpenApiController {
  constructor(private readonly config: AppConfig) {}

  @Get('openapi/v1p1.json')
  @Header('Cache-Control', 'no-cache')
  v1p1(@Req() request: Request): OpenAPIObject {
    return this.document(V1P1, request);
  }

  @Get('openapi/v1p2.json')
  @Header('Cache-Control', 'no-cache')
  v1p2(@Req() request: Request): OpenAPIObject {
    return this.document(V1P2, request);
  }

  @Get(DISCOVERY_FILE_NAMES.map((name) => `${V1P2.basePath}/discovery/${name}`))
  @Header('Cache-Control', 'no-cache')
  discovery(@Req() request: Request): OpenAPIObject {
    return this.document(V1P2, request);
  }

  private document(version: OneRosterVersion, request: Request): OpenAPIObject {
    return buildOpenApiDocument(version, { origin: publicOrigin(request, this.config.server.publicUrl), limits: this.config.api });
  }
}
