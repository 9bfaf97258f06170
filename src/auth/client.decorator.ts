import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AuthenticatedClient } from './authenticated-client';

/**
 * Injects the caller the bearer guard authenticated. Using it on a `@Public()` route is a
 * programming error, reported loudly instead of handing the handler an `undefined` caller.
 */
export const AuthenticatedClientParam = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedClient => {
  const client = context.switchToHttp().getRequest<Request & { user?: AuthenticatedClient }>().user;
  if (!client) throw new Error('@AuthenticatedClientParam() used on a route the bearer guard did not authenticate');
  return client;
});
