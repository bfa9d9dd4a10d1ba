import { Module } from '@nestjs/common';
import { FormsModule } from '../forms/forms.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClaimCloseWorker } from './claim-close.worker';
import { ClaimSubjects } from './claim-subjects';
import { Claim, ClaimFinding } from './claim.entities';
import { ClaimsController } from './claims.controller';
import { ClaimsService } from './claims.service';
import { ProcessProgressService } from './process-progress.service';

@Module({
  imports: [TypeOrmModule.forFeature([Claim, ClaimFinding]), FormsModule],
  controllers: [ClaimsController],
  providers: [ClaimsService, ClaimCloseWorker, ProcessProgressService, ClaimSubjects],
  exports: [ClaimsService, ProcessProgressService],
})
export class ClaimsModule {}
