import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'oneroster:auth:public';

/**
 * Opts a route (or controller) out of the global bearer guard. Every route is protected unless it
 * says otherwise, so forgetting a decorator fails closed.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
