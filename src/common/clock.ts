import { Injectable } from '@nestjs/common';

/** The one source of "now", so screening can be replayed for a given day and tested. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's date as an ISO day (YYYY-MM-DD) in the bureau's time zone (China Standard Time). */
  today(): string {
    return isoDayInChina(this.now());
  }
}

export function isoDayInChina(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
