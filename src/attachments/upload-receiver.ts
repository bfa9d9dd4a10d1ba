import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { AttachmentRefusedError, UploadMalformedError } from './attachment.errors';

/** One file of a multipart request, written to a temporary file while it arrives. */
export interface ReceivedFile {
  /** The temporary file; the caller moves it into storage or removes it (`discard`). */
  path: string;
  fileName: string;
  sha256: string;
  size: number;
  /** The other (text) fields of the form. */
  fields: Record<string, string>;
  discard(): Promise<void>;
}

const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 4096;

/**
 * Streams the multipart field `file` to disk, hashing and counting on the way, so a 20 MB upload
 * never sits in memory. Past the size limit the rest is drained and the request refused.
 */
export async function receiveUpload(request: Request, tempDir: string, maxBytes: number, maxMb: number): Promise<ReceivedFile> {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) {
    throw new UploadMalformedError('file', '请以 multipart/form-data 上传，文件放在字段 file 中', 'Upload as multipart/form-data with the file in the field "file"');
  }
  await mkdir(tempDir, { recursive: true });
  const path = join(tempDir, `${randomUUID()}.upload`);
  const discard = () => rm(path, { force: true });

  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: maxBytes, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES }, defParamCharset: 'utf8' });
  } catch {
    throw new UploadMalformedError('file', '上传内容的格式有误（缺少 boundary）', 'The multipart request is malformed (no boundary)');
  }

  return new Promise<ReceivedFile>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let written: Promise<{ sha256: string; size: number; truncated: boolean; fileName: string }> | null = null;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      request.unpipe(parser);
      request.resume(); // drain what the client still sends, so it reads our answer
      void discard().finally(() => reject(error));
    };

    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const fileName = cleanFileName(info.filename);
      if (name !== 'file' || written) {
        stream.resume();
        return;
      }
      const hash = createHash('sha256');
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      written = pipeline(stream, counter, createWriteStream(path)).then(() => ({
        sha256: hash.digest('hex'),
        size,
        truncated: (stream as unknown as { truncated?: boolean }).truncated === true,
        fileName,
      }));
      written.catch(fail);
    });
    parser.on('error', () => fail(new UploadMalformedError('file', '上传内容的格式有误', 'The multipart request is malformed')));
    parser.on('close', () => {
      if (failed) return;
      if (!written) return fail(new UploadMalformedError('file', '没有收到文件（字段 file）', 'No file was sent in the field "file"'));
      written.then((file) => {
        if (file.truncated) return fail(new AttachmentRefusedError(file.fileName, 'size', String(maxMb)));
        if (file.size === 0) return fail(new AttachmentRefusedError(file.fileName, 'empty'));
        resolve({ path, fileName: file.fileName, sha256: file.sha256, size: file.size, fields, discard });
      }, fail);
    });
    request.on('aborted', () => fail(new UploadMalformedError('file', '上传中断', 'The upload was interrupted')));
    request.pipe(parser);
  });
}

/** The name as the uploader's device gave it, without any path and control characters; never used as a path here. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return clean || 'file';
}
