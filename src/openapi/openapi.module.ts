import { Module } from '@nestjs/common';
import { OpenApiController } from './openapi.controller';

/** Serves the OpenAPI documents of both versions and 1.2's discovery document (needs the global ConfigModule). */
@Module({ controllers: [OpenApiController] })
export class OpenApiModule {}
