import { Injectable } from '@nestjs/common';
import { ApprovalDeadline } from '../calendar/approval-deadline';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { loopStartVariables } from '../subjects/approval-loop';
import { ContractPaymentsService } from './contract-payments.service';
import { ContractScreeningService, Screened } from './contract-screening.service';
import { ContractsService } from './contracts.service';

/** What a screening step hands the flow: blocking or not, and the first approval step. */
function routed(screened: Screened, deadline: ApprovalDeadline): Record<string, unknown> {
  return {
    blocking: screened.blocking,
    approvalNext: screened.blocking ? 'end' : 'step',
    ...loopStartVariables(screened.chain, deadline.fromNow()),
  };
}

@Injectable()
@ExternalTaskWorker({ topic: 'contract-screen', variables: ['contractId'] })
export class ContractScreenWorker implements ExternalTaskHandler {
  constructor(private readonly screening: ContractScreeningService, private readonly deadline: ApprovalDeadline) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    return routed(await this.screening.screenContract(task.required<string>('contractId')), this.deadline);
  }
}

const CONTRACT_OUTCOMES = ['SIGNING', 'REJECTED'] as const;

/** The approval's end: approved contracts wait for signing, rejected ones end. */
@Injectable()
@ExternalTaskWorker({ topic: 'contract-close', variables: ['contractId', 'outcome'] })
export class ContractCloseWorker implements ExternalTaskHandler {
  constructor(private readonly contracts: ContractsService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const outcome = task.variable<string>('outcome') as (typeof CONTRACT_OUTCOMES)[number];
    if (!CONTRACT_OUTCOMES.includes(outcome)) throw new Error(`contract-close needs outcome SIGNING or REJECTED, got ${outcome}`);
    await this.contracts.close(task.required<string>('contractId'), outcome);
    return {};
  }
}

/** Signed with its scan: the contract amount is committed on its line. */
@Injectable()
@ExternalTaskWorker({ topic: 'contract-commit', variables: ['contractId', 'signedBy'] })
export class ContractCommitWorker implements ExternalTaskHandler {
  constructor(private readonly contracts: ContractsService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    await this.contracts.commitSigned(task.required<string>('contractId'), task.variable<string>('signedBy') ?? 'worker:contract-commit');
    return {};
  }
}

@Injectable()
@ExternalTaskWorker({ topic: 'contract-payment-screen', variables: ['contractPaymentId'] })
export class ContractPaymentScreenWorker implements ExternalTaskHandler {
  constructor(private readonly screening: ContractScreeningService, private readonly deadline: ApprovalDeadline) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    return routed(await this.screening.screenPayment(task.required<string>('contractPaymentId')), this.deadline);
  }
}

const PAYMENT_OUTCOMES = ['APPROVED', 'REJECTED'] as const;

/** The approval's end: an approved payment is due for the cashier's batch. */
@Injectable()
@ExternalTaskWorker({ topic: 'contract-payment-close', variables: ['contractPaymentId', 'outcome'] })
export class ContractPaymentCloseWorker implements ExternalTaskHandler {
  constructor(private readonly payments: ContractPaymentsService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const outcome = task.variable<string>('outcome') as (typeof PAYMENT_OUTCOMES)[number];
    if (!PAYMENT_OUTCOMES.includes(outcome)) throw new Error(`contract-payment-close needs outcome APPROVED or REJECTED, got ${outcome}`);
    await this.payments.close(task.required<string>('contractPaymentId'), outcome);
    return {};
  }
}
