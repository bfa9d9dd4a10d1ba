import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SuppliersModule } from '../suppliers/suppliers.module';
import { AwardsController } from './awards.controller';
import { AwardsService } from './awards.service';
import { ProcurementAward } from './procurement-award.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ProcurementAward]), SuppliersModule],
  controllers: [AwardsController],
  providers: [AwardsService],
  exports: [AwardsService, SuppliersModule],
})
export class ProcurementModule {}
