import { DomainError, DomainErrorKind } from '../common/domain-error';

/** Why a file was refused, named for the person who sent it. */
export type RefusalReason = 'type' | 'size' | 'empty' | 'expansion' | 'xml-dtd' | 'zip-broken' | 'not-utf8';

const REASONS: Record<RefusalReason, (limit?: string) => [string, string]> = {
  type: () => ['文件类型不允许：只收 PDF、OFD、XML、JPEG、PNG、XLSX、DOCX（按文件内容判断，不看扩展名）', 'this kind of file is not accepted: only PDF, OFD, XML, JPEG, PNG, XLSX and DOCX, judged by the content, not the name'],
  size: (limit) => [`文件超过 ${limit} MB 上限`, `the file is larger than the ${limit} MB limit`],
  empty: () => ['文件是空的', 'the file is empty'],
  expansion: (limit) => [`压缩包解开后超过 ${limit} MB 或压缩比异常，疑似压缩炸弹`, `the archive expands past ${limit} MB or at an abnormal ratio (a zip bomb)`],
  'xml-dtd': () => ['XML 含 DTD 或实体声明，不予接收', 'the XML declares a DTD or entities, which are not accepted'],
  'zip-broken': () => ['压缩包已损坏，无法读取', 'the archive is damaged and cannot be read'],
  'not-utf8': () => ['XML 不是有效的 UTF-8 文本', 'the XML is not valid UTF-8 text'],
};

/** A file refused on upload: a 4xx naming the file and why; nothing of it is kept. */
export class AttachmentRefusedError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(readonly fileName: string, readonly reason: RefusalReason, limit?: string) {
    const [zh, en] = REASONS[reason](limit);
    super(
      reason === 'size' ? 'ATTACHMENT_TOO_LARGE' : 'ATTACHMENT_REFUSED',
      `文件“${fileName}”未接收：${zh}`,
      `The file "${fileName}" was refused: ${en}`,
      { field: 'file', fileName, reason, fields: [{ field: 'file', message: `${zh} / ${en}` }] },
    );
  }
}

export class UploadMalformedError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(field: string, zh: string, en: string) {
    super('UPLOAD_MALFORMED', zh, en, { field, fields: [{ field, message: `${zh} / ${en}` }] });
  }
}

export class AttachmentNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super('ATTACHMENT_NOT_FOUND', '附件不存在', `Attachment ${id} does not exist`);
  }
}

export class AttachmentInvalidError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(field: string, zh: string, en: string) {
    super('ATTACHMENT_INVALID', zh, en, { field, fields: [{ field, message: `${zh} / ${en}` }] });
  }
}

export class AttachmentForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super('ATTACHMENT_FORBIDDEN', '只有提交人可以为这张单据添加或替换附件', 'Only the submitter may add or replace attachments of this record');
  }
}
