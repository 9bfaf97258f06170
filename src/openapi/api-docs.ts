import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';
import { publicOrigin } from '../http/public-url';
import { ONEROSTER_VERSIONS, V1P1 } from '../oneroster/versions';
import { buildOpenApiDocument } from './build-openapi-document';

export const API_DOCS_PATH = 'docs';

/**
 * The browsable API page (Swagger UI) at /docs, with a selector between the served documents of
 * both versions. The page loads them from /openapi/*.json by relative URL, so it works behind a
 * proxy prefix too; the document embedded in the page (shown first) is the 1.1 one, localized to
 * the request's public origin like the served ones. Express routes, outside the global guard.
 */
export function setupApiDocs(app: INestApplication, config: AppConfig): void {
  const documentFor = (origin: string) => buildOpenApiDocument(V1P1, { origin, limits: config.api });
  SwaggerModule.setup(API_DOCS_PATH, app, () => documentFor(config.server.publicUrl?.replace(/\/+$/, '') ?? ''), {
    raw: false,
    explorer: true,
    customSiteTitle: 'OneRoster API',
    patchDocumentOnRequest: <TRequest>(request: TRequest) => documentFor(publicOrigin(request as Request, config.server.publicUrl)),
    swaggerOptions: {
      urls: ONEROSTER_VERSIONS.map((version) => ({ url: `../openapi/${version.id}.json`, name: `OneRoster ${version.label}` })),
    },
  });
}
