import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { RulesService } from '../rules/rules.service';
import { WorkingCalendar } from './working-calendar';

const ROUTING_SET = 'routing';

/** How long a step may wait: working days by the calendar, or seconds (for drills and tests). */
export interface ApprovalDuePeriod {
  workingDays?: number;
  seconds?: number;
}

export interface ApprovalDeadlines {
  /** When the holder is reminded; the task's due date (the process reads `approvalDue`). */
  due: string;
  /** One period later the step is escalated (`approvalEscalateAt`). */
  escalateAt: string;
}

/**
 * Due dates of approval steps: the period is data of the routing rule set in force
 * (`approvalDue`, default one working day, as the seeds promise approval within a day), counted on
 * the working-day calendar; escalation follows one period after.
 */
@Injectable()
export class ApprovalDeadline {
  private readonly calendar = WorkingCalendar.shipped();

  constructor(private readonly clock: Clock, private readonly rules: RulesService) {}

  /** Both instants in the engine's ISO format (`yyyy-MM-dd'T'HH:mm:ss.SSSZ`). */
  fromNow(): ApprovalDeadlines {
    const now = this.clock.now();
    const period = (this.rules.inForce(ROUTING_SET, this.clock.today()).data.approvalDue as ApprovalDuePeriod | undefined) ?? { workingDays: 1 };
    const due = this.after(now, period);
    return { due: engineInstant(due), escalateAt: engineInstant(this.after(due, period)) };
  }

  private after(from: Date, period: ApprovalDuePeriod): Date {
    if (period.seconds !== undefined) return new Date(from.getTime() + period.seconds * 1000);
    return this.calendar.addWorkingDays(from, period.workingDays ?? 1);
  }
}

function engineInstant(instant: Date): string {
  return instant.toISOString().replace('Z', '+0000');
}
