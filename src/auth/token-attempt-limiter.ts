import { Injectable } from '@nestjs/common';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';

/** What one failed attempt counts against: the presented client id, and the caller's address. */
export type AttemptKey = { readonly kind: 'client'; readonly clientId: string } | { readonly kind: 'address'; readonly address: string };

export type AttemptOutcome<T> =
  | { readonly status: 'authenticated'; readonly value: T }
  /** The attempt failed and counted; `lockedOut` are the keys this failure used up. */
  | { readonly status: 'failed'; readonly lockedOut: readonly AttemptKey[] }
  /** Refused without checking the secret: a key has used up its failures for this window. */
  | { readonly status: 'locked'; readonly retryAfterSeconds: number };

/** How long an attempt waits for a slot before it is refused (only when guesses are already in flight). */
const SLOT_WAIT_MS = 10_000;

/**
 * The token endpoint's lock-out: at most `auth.failedTokenAttempts.max` failed authentications
 * per client id and per remote address within a window (fixed, starting at the first failure);
 * after that every attempt on that key is refused, even one with the right secret, so guessing
 * cannot continue. Only failures count. So that concurrent guesses cannot slip past the count,
 * the attempts in flight on a key plus its failures never exceed the limit: a further attempt
 * waits for one in flight to finish (a burst of correct requests, as Canvas sends with a token per
 * thread, is only delayed by a secret check or two). Counters are in memory, per instance.
 */
@Injectable()
export class TokenAttemptLimiter {
  private readonly failures: RateLimiterMemory;
  private readonly max: number;
  private readonly inFlight = new Map<string, number>();
  private waiters: Array<() => void> = [];

  constructor(config: AppConfig) {
    const { max, windowSeconds } = config.auth.failedTokenAttempts;
    this.max = max;
    this.failures = new RateLimiterMemory({ keyPrefix: 'failed-token', points: max, duration: windowSeconds });
  }

  /** Runs one authentication (`null` = failed) under the lock-out of `keys`. */
  async attempt<T>(keys: readonly AttemptKey[], authenticate: () => Promise<T | null>): Promise<AttemptOutcome<T>> {
    const names = [...new Set(keys.map(keyName))];
    const deadline = Date.now() + SLOT_WAIT_MS;
    for (;;) {
      const states = await Promise.all(names.map(async (name) => ({ name, state: await this.failures.get(name) })));
      const used = (entry: (typeof states)[number]) => (entry.state && entry.state.msBeforeNext > 0 ? entry.state.consumedPoints : 0);
      const locked = states.filter((entry) => used(entry) >= this.max);
      if (locked.length > 0) return { status: 'locked', retryAfterSeconds: Math.max(...locked.map((entry) => secondsUntil(entry.state!.msBeforeNext))) };
      if (states.every((entry) => used(entry) + (this.inFlight.get(entry.name) ?? 0) < this.max)) break;
      if (Date.now() >= deadline) return { status: 'locked', retryAfterSeconds: secondsUntil(SLOT_WAIT_MS) };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    for (const name of names) this.inFlight.set(name, (this.inFlight.get(name) ?? 0) + 1);
    try {
      const value = await authenticate();
      if (value !== null) return { status: 'authenticated', value };
      const counted = await Promise.all(names.map((name) => this.failures.penalty(name, 1)));
      const lockedOut = keys.filter((key) => counted[names.indexOf(keyName(key))].consumedPoints >= this.max);
      return { status: 'failed', lockedOut: [...new Map(lockedOut.map((key) => [keyName(key), key])).values()] };
    } finally {
      for (const name of names) {
        const left = (this.inFlight.get(name) ?? 1) - 1;
        if (left > 0) this.inFlight.set(name, left);
        else this.inFlight.delete(name);
      }
      const waiting = this.waiters;
      this.waiters = [];
      for (const wake of waiting) wake();
    }
  }
}

function keyName(key: AttemptKey): string {
  return key.kind === 'client' ? `client:${key.clientId}` : `address:${key.address}`;
}

/** Whole seconds for Retry-After, never 0 (a window that ends in 300 ms still needs a retry later). */
export function secondsUntil(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
