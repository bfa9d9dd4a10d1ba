import { DomainError, DomainErrorKind } from '../common/domain-error';

export class DashboardForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super('DASHBOARD_FORBIDDEN', '看板对局领导、财务和单位负责人（仅本单位）开放', 'Dashboards are open to the bureau leaders, finance, and unit heads (their own unit)');
  }
}
