import { DomainError, DomainErrorKind } from '../common/domain-error';

export class AssetReportForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super('ASSET_REPORT_FORBIDDEN', '无权查看资产报表', 'You may not read the asset reports');
  }
}
