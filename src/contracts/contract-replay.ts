import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isoDayInChina } from '../common/clock';
import { fenToYuan } from '../common/money';
import { RuleSetDefinition, RulesService } from '../rules/rules.service';
import { RecordReplayer, ReplayedRecord } from '../screening/screened-finding';
import { SetEvaluatorRegistry } from '../screening/set-evaluator.registry';
import { ContractRecords } from './contract-records';
import { CONTRACT_SET, ContractScreeningService, PAYMENT_SET } from './contract-screening.service';

/**
 * The dry runs of the contract and contract-payment rule sets: the latest contracts (or payment
 * requests) entered through the product — imported ones were never screened — replayed with the
 * inputs screening looks up, against the version each was screened with and against the proposal.
 */
@Injectable()
export class ContractReplay implements RecordReplayer, OnModuleInit {
  readonly sets = [CONTRACT_SET];
  readonly kind = 'contract';

  constructor(
    private readonly records: ContractRecords,
    private readonly rules: RulesService,
    private readonly screening: ContractScreeningService,
    private readonly evaluators: SetEvaluatorRegistry,
  ) {}

  onModuleInit(): void {
    this.evaluators.registerReplayer(this);
  }

  async recent(_set: string, limit: number): Promise<ReplayedRecord[]> {
    const contracts = await this.records.contractsWhere('NOT c.imported', [], limit);
    return contracts.map((contract) => {
      const day = isoDayInChina(contract.createdAt);
      return {
        id: contract.id,
        label: `${contract.number} · ${contract.title} · ¥${fenToYuan(contract.amountFen)}`,
        submitter: contract.submitter,
        submittedOn: day,
        current: this.rules.version(CONTRACT_SET, contract.ruleVersions[CONTRACT_SET], day),
        evaluate: (definition: RuleSetDefinition) => this.screening.evaluateContract(contract, definition, day),
      };
    });
  }
}

@Injectable()
export class ContractPaymentReplay implements RecordReplayer, OnModuleInit {
  readonly sets = [PAYMENT_SET];
  readonly kind = 'contract-payment';

  constructor(
    private readonly dataSource: DataSource,
    private readonly records: ContractRecords,
    private readonly rules: RulesService,
    private readonly screening: ContractScreeningService,
    private readonly evaluators: SetEvaluatorRegistry,
  ) {}

  onModuleInit(): void {
    this.evaluators.registerReplayer(this);
  }

  async recent(_set: string, limit: number): Promise<ReplayedRecord[]> {
    const ids: { id: string }[] = await this.dataSource.query(`SELECT id FROM contract_payment WHERE NOT imported ORDER BY created_at DESC LIMIT $1`, [limit]);
    const payments = (await this.records.payments(ids.map((row) => row.id))).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const contracts = new Map((await this.records.contracts([...new Set(payments.map((p) => p.contractId))])).map((c) => [c.id, c]));
    return payments.map((payment) => {
      const contract = contracts.get(payment.contractId)!;
      return {
        id: payment.id,
        label: `${payment.number} · ${contract.number} · ¥${fenToYuan(payment.amountFen)}`,
        submitter: payment.submitter ?? '',
        submittedOn: payment.requestedOn,
        current: this.rules.version(PAYMENT_SET, payment.ruleVersions[PAYMENT_SET], payment.requestedOn),
        evaluate: (definition: RuleSetDefinition) => this.screening.evaluatePayment(payment, contract, definition, payment.requestedOn),
      };
    });
  }
}
