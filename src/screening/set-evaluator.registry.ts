import { Injectable } from '@nestjs/common';
import { RuleSetError } from '../rules/rules.service';
import type { SetEvaluator } from './screened-finding';

/** Which feature evaluates which rule set against a claim; features register during module init. */
@Injectable()
export class SetEvaluatorRegistry {
  private readonly evaluators = new Map<string, SetEvaluator>();

  register(evaluator: SetEvaluator): void {
    for (const set of evaluator.sets) this.evaluators.set(set, evaluator);
  }

  get(set: string): SetEvaluator {
    const evaluator = this.evaluators.get(set);
    if (!evaluator) throw new RuleSetError(`no screening step evaluates rule set ${set}`);
    return evaluator;
  }
}
