import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClaimCloseWorker } from './claim-close.worker';
import { Claim, ClaimFinding } from './claim.entities';
import { ClaimsController } from './claims.controller';
import { ClaimsService } from './claims.service';

@Module({
  imports: [TypeOrmModule.forFeature([Claim, ClaimFinding])],
  controllers: [ClaimsController],
  providers: [ClaimsService, ClaimCloseWorker],
  exports: [ClaimsService],
})
export class ClaimsModule {}
