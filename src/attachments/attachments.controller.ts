import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentActor } from '../auth/auth.guard';
import type { Actor } from '../org/org.service';
import { SubjectParams } from '../subjects/subject-params.dto';
import { AttachmentNotFoundError } from './attachment.errors';
import { AttachmentsService } from './attachments.service';
import { contentDisposition } from './content-disposition';

/** Files uploaded for a record about to be filed, and the content of any attachment one may see. */
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Uploads a file (multipart field `file`) for a record not yet filed; the record names it when filed. */
  @Post()
  upload(@CurrentActor() actor: Actor, @Req() request: Request) {
    return this.attachments.upload(actor, request);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new AttachmentNotFoundError('?') })) id: string) {
    return this.attachments.get(actor, id);
  }

  /** The file itself, always as a download named safely, whatever name it was uploaded under. */
  @Get(':id/content')
  async content(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new AttachmentNotFoundError('?') })) id: string, @Res({ passthrough: true }) response: Response) {
    const { attachment, stream } = await this.attachments.content(actor, id);
    response.setHeader('Content-Type', attachment.mediaType);
    response.setHeader('Content-Length', String(attachment.size));
    response.setHeader('Content-Disposition', contentDisposition(attachment.fileName, attachment.type));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    response.setHeader('ETag', `"${attachment.sha256}"`);
    return new StreamableFile(stream);
  }
}

/** A record's attachments: listed, and added to (a replacement names the one it supersedes). */
@Controller('subjects')
export class SubjectAttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get(':kind/:id/attachments')
  list(@CurrentActor() actor: Actor, @Param() subject: SubjectParams) {
    return this.attachments.list(actor, subject);
  }

  /** Multipart: `file`, optional `category`, `invoiceNumber`, `supersedes`. */
  @Post(':kind/:id/attachments')
  upload(@CurrentActor() actor: Actor, @Param() subject: SubjectParams, @Req() request: Request) {
    return this.attachments.upload(actor, request, { subject: { kind: subject.kind, id: subject.id } });
  }
}
