import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fenToYuan } from '../common/money';
import { RuleSetDefinition, RulesService } from '../rules/rules.service';
import { RecordReplayer, ReplayedRecord } from '../screening/screened-finding';
import { SetEvaluatorRegistry } from '../screening/set-evaluator.registry';
import { PROCUREMENT_SET } from './procurement-policy';
import { ProcurementRequest } from './procurement-request.entity';
import { ProcurementScreeningService, requestFacts } from './procurement-screening.service';
import { PROCUREMENT_REQUEST_KIND } from './procurement-requests.service';

/**
 * The procurement rule set's dry run: the latest requests replayed as screening saw them at
 * submission (their quotes, the proposed supplier and amount, the submission day) against the
 * version they were screened with and against the proposal.
 */
@Injectable()
export class ProcurementReplay implements RecordReplayer, OnModuleInit {
  readonly sets = [PROCUREMENT_SET];
  readonly kind = PROCUREMENT_REQUEST_KIND;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: RulesService,
    private readonly screening: ProcurementScreeningService,
    private readonly evaluators: SetEvaluatorRegistry,
  ) {}

  onModuleInit(): void {
    this.evaluators.registerReplayer(this);
  }

  async recent(_set: string, limit: number): Promise<ReplayedRecord[]> {
    const requests = await this.dataSource.getRepository(ProcurementRequest).find({ order: { createdAt: 'DESC' }, take: limit });
    const counts: { request_id: string; quotes: number }[] = requests.length
      ? await this.dataSource.query(`SELECT request_id, count(*)::int AS quotes FROM procurement_quote WHERE request_id = ANY($1::uuid[]) GROUP BY request_id`, [requests.map((r) => r.id)])
      : [];
    const quotes = new Map(counts.map((c) => [c.request_id, c.quotes]));
    return requests.map((request) => {
      const facts = requestFacts(request, quotes.get(request.id) ?? 0, request.proposedSupplier, request.proposedAmountFen, request.submittedOn);
      const first = request.items[0];
      return {
        id: request.id,
        label: `${first?.name ?? request.category}${request.items.length > 1 ? ` +${request.items.length - 1}` : ''} · ¥${fenToYuan(request.estimateFen)}`,
        submitter: request.requester.username,
        submittedOn: request.submittedOn,
        current: this.rules.version(PROCUREMENT_SET, request.ruleVersion ?? undefined, request.submittedOn),
        evaluate: (definition: RuleSetDefinition) => this.screening.evaluate(facts, definition),
      };
    });
  }
}

