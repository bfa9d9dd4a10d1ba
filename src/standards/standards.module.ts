import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { StandardsCheckService } from './standards-check.service';
import { StandardsCheckWorker } from './standards-check.worker';
import { StandardsController } from './standards.controller';
import { StandardsService } from './standards.service';

@Module({
  imports: [ClaimsModule],
  controllers: [StandardsController],
  providers: [StandardsService, StandardsCheckService, StandardsCheckWorker],
  exports: [StandardsService],
})
export class StandardsModule {}
