import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { SourceDatabase } from '../source/source-database';
import { SourceReadiness } from '../source/source-readiness';

/**
 * Kubernetes' default probe timeout is 1 s, a load balancer's a few seconds; the ping must answer
 * before the probe gives up (configure `timeoutSeconds: 3` or more).
 */
export const PING_TIMEOUT_MS = 2000;

/**
 * The two conditions of readiness, as terminus indicators. Public endpoints: the details say what
 * is wrong, never where the database is or what the driver said (that is in the server log).
 */
@Injectable()
export class SourceHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: SourceReadiness,
    private readonly database: SourceDatabase,
  ) {}

  /** `mappings`: compiled (or the server would not run) and verified against the source's schema. */
  mappings(): HealthIndicatorResult<'mappings'> {
    const indicator = this.indicators.check('mappings');
    if (this.readiness.isReady) return indicator.up();
    this.readiness.retrySoon();
    return indicator.down({
      reason: this.readiness.state === 'schema-mismatch' ? 'the source schema does not match the mappings (see the server log)' : 'not yet verified against the source schema: the source has not been reached',
    });
  }

  /** `source`: the database answers a `SELECT 1` now, within PING_TIMEOUT_MS. */
  async source(): Promise<HealthIndicatorResult<'source'>> {
    const indicator = this.indicators.check('source');
    try {
      await this.database.ping(PING_TIMEOUT_MS);
      return indicator.up();
    } catch {
      return indicator.down({ reason: `the source database did not answer within ${PING_TIMEOUT_MS} ms` });
    }
  }
}
