import { IsInt, Max, Min } from 'class-validator';

/**
 * Lock-out of the token endpoint after failed client authentication, counted per client id and
 * per remote address (an IPv6 address by its /64). Once `max` attempts have failed within a
 * window, every further attempt for that client id or from that address, even one with the right
 * secret, is refused with 429 until the window (which starts at the first failure) ends.
 * Successful attempts do not count. Counters live in memory: each instance counts on its own.
 */
export class FailedTokenAttemptsConfig {
  @IsInt() @Min(1) @Max(100000)
  max = 10;

  @IsInt() @Min(1) @Max(86400)
  windowSeconds = 300;
}

/**
 * A client's request budget on the OneRoster routes, counted after authentication in fixed
 * 60-second windows (the first starts with the client's first request). Over it: 429 server_busy
 * with Retry-After. Counters live in memory: each instance counts on its own.
 */
export class ClientRateLimitConfig {
  @IsInt() @Min(1) @Max(1000000)
  requestsPerMinute: number;
}
