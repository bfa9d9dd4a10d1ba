import { Global, Module } from '@nestjs/common';
import { RulesService } from './rules.service';

@Global()
@Module({
  providers: [{ provide: RulesService, useFactory: () => new RulesService() }],
  exports: [RulesService],
})
export class RulesModule {}
