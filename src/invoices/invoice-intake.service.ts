import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { readFile } from 'node:fs/promises';
import { AttachmentsService, AttachmentView } from '../attachments/attachments.service';
import type { AttachmentType } from '../attachments/content-type';
import { InvoiceUnreadable, readInvoiceOriginal, UnsafeOriginal } from '../einvoice';
import type { IntakeResult, OriginalType } from '../einvoice';
import type { Actor } from '../org/org.service';
import { INVOICE_ORIGINAL } from './original-facts';

const READABLE: Partial<Record<AttachmentType, OriginalType>> = { xml: 'xml', pdf: 'pdf', ofd: 'ofd', png: 'png', jpeg: 'jpeg' };

export interface IntakeAnswer extends IntakeResult {
  /** The original, kept for the claim that will name it (as `attachments[].id`, category `invoice`). */
  attachment: AttachmentView;
}

/**
 * E-invoice intake: reads an uploaded original (数电票 XML, PDF, OFD, a photo of its QR code) into
 * the invoice row it proves, and keeps the file, with what was read, for the claim to carry.
 */
@Injectable()
export class InvoiceIntakeService {
  constructor(private readonly attachments: AttachmentsService) {}

  async intake(actor: Actor, request: Request): Promise<IntakeAnswer> {
    const received = await this.attachments.receive(request);
    try {
      const type = await this.attachments.typeOf(received);
      const readable = READABLE[type];
      if (!readable) {
        throw new InvoiceUnreadable(
          `“${received.fileName}”不是发票原件：只能识别 XML、PDF、OFD 或含二维码的照片`,
          `"${received.fileName}" is not an invoice original: only XML, PDF, OFD or a photo of the QR code can be read`,
          'TYPE',
        );
      }
      // At most the upload limit (20 MB): the readers need the whole file.
      const result = await readInvoiceOriginal(await readFile(received.path), readable);
      const attachment = await this.attachments.keep(actor, received, type, null, { category: INVOICE_ORIGINAL, invoice: null, supersedes: null }, { ...result });
      return { ...result, attachment };
    } finally {
      await received.discard();
    }
  }

  /**
   * What a stored invoice original says, reading it once if it came in as a plain attachment (not
   * through intake); an unreadable one is recorded as read with nothing found.
   */
  async readStored(attachment: AttachmentView): Promise<IntakeResult | null> {
    if (attachment.extracted) return attachment.extracted as unknown as IntakeResult;
    const readable = attachment.type ? READABLE[attachment.type] : undefined;
    if (!readable) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of await this.attachments.openContent(attachment.id)) chunks.push(chunk as Buffer);
    let result: IntakeResult;
    try {
      result = await readInvoiceOriginal(Buffer.concat(chunks), readable);
    } catch (error) {
      if (!(error instanceof InvoiceUnreadable) && !(error instanceof UnsafeOriginal)) throw error;
      result = { fields: {}, sources: {}, missing: [], problems: [{ message: error.messageZh, messageEn: error.messageEn }] };
    }
    await this.attachments.recordExtracted(attachment.id, { ...result });
    return result;
  }
}
