import { Global, Logger, Module } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { AttachmentsController, SubjectAttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { BlobStorage, FolderBlobStorage, S3BlobStorage } from './blob-storage';

/** The storage the configuration names: DATA_DIR/attachments, or an S3-compatible bucket. */
export function blobStorageOf(config: AppConfig): BlobStorage {
  const storage = config.STORAGE === 's3'
    ? new S3BlobStorage({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    })
    : new FolderBlobStorage(join(config.DATA_DIR, 'attachments'));
  new Logger('Attachments').log(`attachments are stored in ${storage.describe()}`);
  return storage;
}

/** One attachment capability for every kind of record (global: every feature's records carry files). */
@Global()
@Module({
  controllers: [AttachmentsController, SubjectAttachmentsController],
  providers: [AttachmentsService, { provide: BlobStorage, inject: [AppConfig], useFactory: blobStorageOf }],
  exports: [AttachmentsService, BlobStorage],
})
export class AttachmentsModule {}
