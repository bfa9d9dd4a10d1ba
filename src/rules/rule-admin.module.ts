import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { RuleChangeService } from './rule-change.service';
import { RulesController } from './rules.controller';

@Module({
  imports: [ClaimsModule],
  controllers: [RulesController],
  providers: [RuleChangeService],
})
export class RuleAdminModule {}
