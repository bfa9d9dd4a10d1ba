import { Global, Module } from '@nestjs/common';
import { BusinessEventsService } from './business-events.service';

/** The business event log every money-moving feature publishes to; global like attachments. */
@Global()
@Module({ providers: [BusinessEventsService], exports: [BusinessEventsService] })
export class BusinessEventsModule {}
