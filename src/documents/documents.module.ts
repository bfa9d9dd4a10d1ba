import { Module } from '@nestjs/common';
import { DocumentsController } from './documents.controller';

/** What papers a claim must carry (the documents rule set's table), for the browser's checklist. */
@Module({ controllers: [DocumentsController] })
export class DocumentsModule {}
