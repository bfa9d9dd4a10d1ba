import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DomainError, DomainErrorKind } from '../common/domain-error';
import { SubjectNotFoundError } from '../subjects/subject.errors';
import type { Actor } from '../org/org.service';
import type { SubjectRef } from '../subjects/subject';
import { SubjectRegistry } from '../subjects/subject-registry';
import { Attachment, AttachmentBlob } from './attachment.entity';
import { AttachmentForbiddenError, AttachmentInvalidError, AttachmentNotFoundError } from './attachment.errors';
import { BlobStorage } from './blob-storage';
import { ATTACHMENT_TYPES, AttachmentType, sniffFile, typeOfMediaType } from './content-type';
import { ReceivedFile, receiveUpload } from './upload-receiver';

export interface AttachmentView {
  id: string;
  fileName: string;
  /** `pdf`, `ofd`, `xml`, `jpeg`, `png`, `xlsx`, `docx`: what the bytes are. */
  type: AttachmentType | null;
  mediaType: string;
  size: number;
  sha256: string;
  category: string | null;
  invoiceNumber: string | null;
  subject: SubjectRef | null;
  supersedes: string | null;
  /** The attachment that replaced this one, if any: it stays in the history. */
  supersededBy: string | null;
  extracted: Record<string, unknown> | null;
  createdBy: string;
  createdAt: string;
}

/** How a record filed with attachments names them: which uploaded file, as what, for which invoice row. */
export interface AttachmentBinding {
  id: string;
  category?: string | null;
  invoice?: string | null;
}

export interface UploadTarget {
  subject?: SubjectRef;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CATEGORY_MAX = 50;

/**
 * Attachments of every kind of record: uploads streamed to disk, typed by their bytes, stored once
 * per SHA-256 in the configured storage, kept for ever. Who may see the record may see its
 * attachments (the subject registry decides); a file uploaded for a record not yet filed is its
 * uploader's alone until the record names it.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: BlobStorage,
    private readonly config: AppConfig,
    private readonly subjects: SubjectRegistry,
  ) {}

  /** Receives one file (multipart field `file`) and keeps it; for a subject, also its category, invoice row and the attachment it replaces. */
  async upload(actor: Actor, request: Request, target: UploadTarget = {}): Promise<AttachmentView> {
    if (target.subject) {
      await this.assertSubjectVisible(actor, target.subject);
      // Its papers are the submitter's to add to; others read them.
      const subject = await this.subjects.load(target.subject);
      if (subject.submitter !== actor.username) throw new AttachmentForbiddenError();
    }
    const received = await this.receive(request);
    try {
      const details = target.subject ? this.detailsOf(received.fields) : { category: null, invoice: null, supersedes: null };
      return await this.keep(actor, received, await this.typeOf(received), target.subject ?? null, details);
    } finally {
      await received.discard();
    }
  }

  /** Streams the request's file to a temporary file; the caller keeps it (`keep`) and always discards the temporary. */
  receive(request: Request): Promise<ReceivedFile> {
    return receiveUpload(request, join(this.config.DATA_DIR, 'tmp', 'uploads'), this.config.ATTACHMENT_MAX_MB * 1024 * 1024, this.config.ATTACHMENT_MAX_MB);
  }

  /** What a received file is, by its bytes; refuses what may not be kept. */
  typeOf(received: Pick<ReceivedFile, 'path' | 'fileName'>): Promise<AttachmentType> {
    return sniffFile(received.path, received.fileName, {
      maxExpandedBytes: this.config.ATTACHMENT_MAX_EXPANDED_MB * 1024 * 1024,
      maxEntries: 10000,
      maxRatio: 1000,
    });
  }

  /** Stores and records a received file of a checked type; nothing of it is kept when a step refuses it. */
  async keep(
    actor: Actor,
    received: Pick<ReceivedFile, 'path' | 'fileName' | 'sha256' | 'size'>,
    type: AttachmentType,
    subject: SubjectRef | null,
    details: { category: string | null; invoice: string | null; supersedes: string | null },
    extracted: Record<string, unknown> | null = null,
  ): Promise<AttachmentView> {
    const mediaType = ATTACHMENT_TYPES[type].mediaType;
    if (details.supersedes) await this.assertSupersedable(details.supersedes, subject);
    // Content first, then the rows: a blob without a row is harmless (the next upload of the same
    // bytes finds it), a row without its blob would not be.
    await this.storage.put(received.sha256, received.path, received.size, mediaType);
    const saved = await this.dataSource.transaction(async (tx) => {
      await tx.createQueryBuilder().insert().into(AttachmentBlob)
        .values({ id: received.sha256, size: received.size, mediaType, createdBy: actor.username })
        .orIgnore().execute();
      return tx.getRepository(Attachment).save(tx.getRepository(Attachment).create({
        sha256: received.sha256,
        fileName: received.fileName,
        mediaType,
        size: received.size,
        category: details.category,
        invoiceNumber: details.invoice,
        subjectKind: subject?.kind ?? null,
        subjectId: subject?.id ?? null,
        supersedes: details.supersedes,
        extracted,
        createdBy: actor.username,
        boundAt: subject ? new Date() : null,
      }));
    }).catch((error) => {
      if ((error as { code?: string }).code === '23505') throw new AttachmentInvalidError('supersedes', '该附件已被替换过，请替换最新的一份', 'That attachment has already been replaced; replace the latest one');
      throw error;
    });
    return this.view(saved, null);
  }

  /** The attachments of a subject, replaced ones included (each naming its successor), oldest first. */
  async list(actor: Actor, subject: SubjectRef): Promise<AttachmentView[]> {
    await this.assertSubjectVisible(actor, subject);
    return this.ofSubject(subject);
  }

  /** A subject's attachments without a visibility check: for screening and the record's own feature. */
  async ofSubject(subject: SubjectRef, manager: EntityManager = this.dataSource.manager): Promise<AttachmentView[]> {
    const rows = await manager.getRepository(Attachment).find({ where: { subjectKind: subject.kind, subjectId: subject.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const successor = new Map(rows.filter((r) => r.supersedes).map((r) => [r.supersedes as string, r.id]));
    return rows.map((row) => this.view(row, successor.get(row.id) ?? null));
  }

  async get(actor: Actor, id: string): Promise<AttachmentView> {
    const row = await this.visibleRow(actor, id);
    const successor = await this.dataSource.getRepository(Attachment).findOne({ where: { supersedes: row.id } });
    return this.view(row, successor?.id ?? null);
  }

  /** The content of an attachment the actor may see. */
  async content(actor: Actor, id: string): Promise<{ attachment: AttachmentView; stream: Readable }> {
    const row = await this.visibleRow(actor, id);
    return { attachment: this.view(row, null), stream: await this.storage.open(row.sha256) };
  }

  /** The content of an attachment, for a server-side reader (intake, screening); no visibility check. */
  async openContent(id: string): Promise<Readable> {
    const row = await this.dataSource.getRepository(Attachment).findOneByOrFail({ id });
    return this.storage.open(row.sha256);
  }

  /** Records what an invoice original was read as. */
  async recordExtracted(id: string, extracted: Record<string, unknown>): Promise<void> {
    await this.dataSource.query(`UPDATE attachment SET extracted = $2 WHERE id = $1`, [id, JSON.stringify(extracted)]);
  }

  /**
   * Binds files the actor uploaded for a record being filed to it, inside the filing transaction:
   * each must be the actor's own, unbound (or bound to this very record already).
   */
  async bind(tx: EntityManager, actor: Actor, subject: SubjectRef, bindings: AttachmentBinding[], field = 'attachments'): Promise<void> {
    if (bindings.length === 0) return;
    const ids = bindings.map((b) => b.id);
    const malformed = ids.findIndex((id) => typeof id !== 'string' || !UUID.test(id));
    if (malformed >= 0) throw new AttachmentInvalidError(`${field}[${malformed}].id`, '附件编号无效', 'not an attachment id');
    const rows = await tx.getRepository(Attachment).find({ where: { id: In(ids) }, lock: { mode: 'pessimistic_write' } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const [i, binding] of bindings.entries()) {
      const row = byId.get(binding.id);
      const path = `${field}[${i}]`;
      if (!row || (row.subjectKind === null && row.createdBy !== actor.username)) throw new AttachmentInvalidError(`${path}.id`, '附件不存在或不是您上传的', 'no such attachment of yours');
      if (row.subjectKind !== null) {
        if (row.subjectKind === subject.kind && row.subjectId === subject.id) continue;
        throw new AttachmentInvalidError(`${path}.id`, '该附件已属于另一张单据', 'the attachment already belongs to another record');
      }
      const category = this.checkedText(binding.category, `${path}.category`, CATEGORY_MAX);
      const invoice = this.checkedText(binding.invoice, `${path}.invoice`, 40);
      await tx.getRepository(Attachment).update({ id: row.id, subjectKind: IsNull() }, { subjectKind: subject.kind, subjectId: subject.id, category, invoiceNumber: invoice, boundAt: new Date() });
    }
  }

  /** Undoes `bind` for a record whose filing failed after binding (its process would not start). */
  async unbind(subject: SubjectRef, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT set_config('jingbao.attachment_undo', 'on', true)`);
      await tx.query(
        `UPDATE attachment SET subject_kind = NULL, subject_id = NULL, category = NULL, invoice_number = NULL, bound_at = NULL
          WHERE id = ANY($1::uuid[]) AND subject_kind = $2 AND subject_id = $3`,
        [ids, subject.kind, subject.id],
      );
    });
  }

  private detailsOf(fields: Record<string, string>): { category: string | null; invoice: string | null; supersedes: string | null } {
    const supersedes = fields.supersedes?.trim() || null;
    if (supersedes !== null && !UUID.test(supersedes)) throw new AttachmentInvalidError('supersedes', '被替换的附件编号无效', 'supersedes must be an attachment id');
    return { category: this.checkedText(fields.category, 'category', CATEGORY_MAX), invoice: this.checkedText(fields.invoiceNumber, 'invoiceNumber', 40), supersedes };
  }

  private checkedText(value: unknown, field: string, max: number): string | null {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string' || value.trim().length > max) throw new AttachmentInvalidError(field, `应为不超过 ${max} 字的文字`, `must be text of at most ${max} characters`);
    return value.trim();
  }

  private async assertSupersedable(id: string, subject: SubjectRef | null): Promise<void> {
    const old = await this.dataSource.getRepository(Attachment).findOneBy({ id });
    if (!old || !subject || old.subjectKind !== subject.kind || old.subjectId !== subject.id) {
      throw new AttachmentInvalidError('supersedes', '被替换的附件不属于这张单据', 'the attachment to replace does not belong to this record');
    }
  }

  /** Whether the record exists or not, someone who may not see it is told it does not. */
  private async assertSubjectVisible(actor: Actor, subject: SubjectRef): Promise<void> {
    try {
      await this.subjects.get(subject.kind).assertVisible(actor, subject.id);
    } catch (error) {
      if (error instanceof DomainError && error.kind === DomainErrorKind.FORBIDDEN) throw new SubjectNotFoundError(subject.kind, subject.id);
      throw error;
    }
  }

  /** The row, if the actor may see it; anyone else learns nothing, not even that it exists. */
  private async visibleRow(actor: Actor, id: string): Promise<Attachment> {
    if (!UUID.test(id)) throw new AttachmentNotFoundError(id);
    const row = await this.dataSource.getRepository(Attachment).findOneBy({ id });
    if (!row) throw new AttachmentNotFoundError(id);
    if (row.subjectKind === null || row.subjectId === null) {
      if (row.createdBy !== actor.username) throw new AttachmentNotFoundError(id);
      return row;
    }
    try {
      await this.assertSubjectVisible(actor, { kind: row.subjectKind, id: row.subjectId });
    } catch (error) {
      if (error instanceof DomainError) throw new AttachmentNotFoundError(id);
      throw error;
    }
    return row;
  }

  private view(row: Attachment, supersededBy: string | null): AttachmentView {
    return {
      id: row.id,
      fileName: row.fileName,
      type: typeOfMediaType(row.mediaType),
      mediaType: row.mediaType,
      size: row.size,
      sha256: row.sha256.trim(),
      category: row.category,
      invoiceNumber: row.invoiceNumber,
      subject: row.subjectKind && row.subjectId ? { kind: row.subjectKind, id: row.subjectId } : null,
      supersedes: row.supersedes,
      supersededBy,
      extracted: row.extracted,
      createdBy: row.createdBy,
      createdAt: new Date(row.createdAt).toISOString(),
    };
  }
}
