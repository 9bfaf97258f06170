import { SetMetadata } from '@nestjs/common';
import { OneRosterScope } from './scopes';

export const REQUIRED_SCOPES_KEY = 'oneroster:auth:requiredScopes';

/**
 * The token must hold at least one of these scopes (OR, as the spec lists alternatives per
 * operation). On a handler it replaces any class-level list rather than adding to it.
 */
export const RequireScopes = (...anyOf: OneRosterScope[]): MethodDecorator & ClassDecorator => {
  // An empty list would turn the route into a silent 403 for everyone; fail when the class loads.
  if (anyOf.length === 0) throw new Error('@RequireScopes() needs at least one scope');
  return SetMetadata(REQUIRED_SCOPES_KEY, anyOf);
};
