import { Injectable } from '@nestjs/common';
import { ClaimsService } from '../claims/claims.service';
import { ExternalTaskHandler, ExternalTaskWorker, WorkerTask } from '../engine/external-task-worker.decorator';
import { BUDGET_RESERVE, BudgetCheckService } from './budget-check.service';
import { BudgetAdjustmentsService } from './budget-adjustments.service';
import { BudgetService } from './budget.service';
import { TravelRequestsService } from '../travel/travel-requests.service';

/** Screening: checks the budget line and reserves the claim's total on it. */
@Injectable()
@ExternalTaskWorker({ topic: BUDGET_RESERVE, variables: ['claimId'] })
export class BudgetReserveWorker implements ExternalTaskHandler {
  constructor(private readonly check: BudgetCheckService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    await this.check.screen(task.required<string>('claimId'));
    return {};
  }
}

/** Final approval: commits the reimbursable amount, releases the rest. */
@Injectable()
@ExternalTaskWorker({ topic: 'budget-commit', variables: ['claimId'] })
export class BudgetCommitWorker implements ExternalTaskHandler {
  constructor(private readonly claims: ClaimsService, private readonly budget: BudgetService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    await this.budget.commitForClaim(await this.claims.findOrFail(task.required<string>('claimId')), 'budget-commit-worker');
    return {};
  }
}

/** Rejection: gives the reservation back. */
@Injectable()
@ExternalTaskWorker({ topic: 'budget-release', variables: ['claimId'] })
export class BudgetReleaseWorker implements ExternalTaskHandler {
  constructor(private readonly claims: ClaimsService, private readonly budget: BudgetService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    await this.budget.releaseForClaim(await this.claims.findOrFail(task.required<string>('claimId')), 'rejected', 'budget-release-worker');
    return {};
  }
}

/** An approved budget adjustment: moves the allocation (or records that it could not). */
@Injectable()
@ExternalTaskWorker({ topic: 'budget-adjust', variables: ['adjustmentId'] })
export class BudgetAdjustWorker implements ExternalTaskHandler {
  constructor(private readonly adjustments: BudgetAdjustmentsService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const id = task.required<string>('adjustmentId');
    return { adjustmentOutcome: await this.adjustments.execute(id) };
  }
}

/** A rejected budget adjustment. */
@Injectable()
@ExternalTaskWorker({ topic: 'budget-adjustment-rejected', variables: ['adjustmentId'] })
export class BudgetAdjustmentRejectedWorker implements ExternalTaskHandler {
  constructor(private readonly adjustments: BudgetAdjustmentsService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const id = task.required<string>('adjustmentId');
    await this.adjustments.reject(id);
    return {};
  }
}

/** A travel request reserves its estimate before the unit head decides. */
@Injectable()
@ExternalTaskWorker({ topic: 'travel-request-budget', variables: ['travelRequestId'] })
export class TravelRequestBudgetWorker implements ExternalTaskHandler {
  constructor(private readonly requests: TravelRequestsService, private readonly budget: BudgetService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const id = task.required<string>('travelRequestId');
    const request = await this.requests.findOrFail(id);
    return { budgetReservation: await this.budget.reserveForRequest(request, 'travel-request-budget-worker') };
  }
}

/** A rejected travel request gives its reservation back. */
@Injectable()
@ExternalTaskWorker({ topic: 'travel-request-budget-release', variables: ['travelRequestId'] })
export class TravelRequestBudgetReleaseWorker implements ExternalTaskHandler {
  constructor(private readonly budget: BudgetService) {}

  async handle(task: WorkerTask): Promise<Record<string, unknown>> {
    const id = task.required<string>('travelRequestId');
    await this.budget.releaseForRequest(id, 'travel-request-budget-worker');
    return {};
  }
}
