import { Injectable } from '@nestjs/common';
import { Clock } from './clock';

/** Approval steps are due three days after they are created (the process reads `approvalDue`). */
const APPROVAL_DAYS = 3;

@Injectable()
export class ApprovalDeadline {
  constructor(private readonly clock: Clock) {}

  /** The due instant in the engine's ISO format (`yyyy-MM-dd'T'HH:mm:ss.SSSZ`). */
  dueFromNow(): string {
    const due = new Date(this.clock.now().getTime() + APPROVAL_DAYS * 24 * 3600_000);
    return due.toISOString().replace('Z', '+0000');
  }
}
