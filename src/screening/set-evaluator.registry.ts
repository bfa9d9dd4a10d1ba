import { Injectable } from '@nestjs/common';
import { RuleSetError } from '../rules/rules.service';
import type { RecordReplayer, SetEvaluator } from './screened-finding';

/** Which feature evaluates which rule set against a claim (or replays its own records); features register during module init. */
@Injectable()
export class SetEvaluatorRegistry {
  private readonly evaluators = new Map<string, SetEvaluator>();
  private readonly replayers = new Map<string, RecordReplayer>();

  register(evaluator: SetEvaluator): void {
    for (const set of evaluator.sets) this.evaluators.set(set, evaluator);
  }

  /** A set screening records of its own is dry-run on those records, not on claims. */
  registerReplayer(replayer: RecordReplayer): void {
    for (const set of replayer.sets) this.replayers.set(set, replayer);
  }

  replayer(set: string): RecordReplayer | undefined {
    return this.replayers.get(set);
  }

  get(set: string): SetEvaluator {
    const evaluator = this.evaluators.get(set);
    if (!evaluator) throw new RuleSetError(`no screening step evaluates rule set ${set}`);
    return evaluator;
  }
}
