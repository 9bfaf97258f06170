import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';
import { secondsUntil } from './token-attempt-limiter';

const WINDOW_SECONDS = 60;

export type RequestVerdict =
  | { readonly allowed: true }
  /** `firstRefusal`: the first request refused in this window, worth one log line. */
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly requestsPerMinute: number; readonly firstRefusal: boolean };

/**
 * Per-client request budgets (`clients[].rateLimit.requestsPerMinute`; unset = unlimited), in
 * fixed 60-second windows that start with the client's first request. Counters are in memory, so
 * each instance of the adapter grants the full budget on its own.
 */
@Injectable()
export class ClientRateLimiter {
  private readonly limiters = new Map<string, RateLimiterMemory>();

  constructor(config: AppConfig) {
    for (const client of config.clients) {
      if (client.rateLimit) this.limiters.set(client.id, new RateLimiterMemory({ keyPrefix: 'requests', points: client.rateLimit.requestsPerMinute, duration: WINDOW_SECONDS }));
    }
  }

  /** Counts one request of the client; over its budget, how long until a slot frees. */
  async take(clientId: string): Promise<RequestVerdict> {
    const limiter = this.limiters.get(clientId);
    if (!limiter) return { allowed: true };
    try {
      await limiter.consume(clientId);
      return { allowed: true };
    } catch (refusal) {
      // The memory store only ever rejects with the counter's state; anything else is a bug.
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return {
        allowed: false,
        retryAfterSeconds: secondsUntil(refusal.msBeforeNext),
        requestsPerMinute: limiter.points,
        firstRefusal: refusal.consumedPoints === limiter.points + 1,
      };
    }
  }
}
