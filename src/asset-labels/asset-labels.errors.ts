import { DomainError, DomainErrorKind } from '../common/domain-error';

export class LabelsForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super('ASSET_LABELS_FORBIDDEN', '只有资产管理员可以打印其单位资产的标签', "Only asset-keepers print labels, and only for their units' assets");
  }
}
