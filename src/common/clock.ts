import { Injectable } from '@nestjs/common';
import { isoDayInChina } from './days';

export { isoDayInChina } from './days';

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

