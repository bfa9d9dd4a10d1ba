import { Global, Module } from '@nestjs/common';
import { SetEvaluatorRegistry } from '../screening/set-evaluator.registry';
import { RuleSetStore } from './rule-set.store';
import { RulesService } from './rules.service';

@Global()
@Module({
  providers: [
    RuleSetStore,
    { provide: RulesService, useFactory: (store: RuleSetStore) => new RulesService(store), inject: [RuleSetStore] },
    SetEvaluatorRegistry,
  ],
  exports: [RulesService, SetEvaluatorRegistry],
})
export class RulesModule {}
