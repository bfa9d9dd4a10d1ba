import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import * as yauzl from 'yauzl';
import { AttachmentRefusedError } from './attachment.errors';

/** The kinds of file an attachment may be, decided by the bytes. */
export const ATTACHMENT_TYPES = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  ofd: { mediaType: 'application/ofd', extension: 'ofd' },
  xml: { mediaType: 'application/xml', extension: 'xml' },
  jpeg: { mediaType: 'image/jpeg', extension: 'jpg' },
  png: { mediaType: 'image/png', extension: 'png' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  /** Kept by the product itself (a bank batch file and its result); an upload is never taken as CSV. */
  csv: { mediaType: 'text/csv', extension: 'csv' },
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

export function typeOfMediaType(mediaType: string): AttachmentType | null {
  const entry = Object.entries(ATTACHMENT_TYPES).find(([, t]) => t.mediaType === mediaType);
  return entry ? (entry[0] as AttachmentType) : null;
}

export interface ContentLimits {
  /** Largest total the entries of a zip (OFD, XLSX, DOCX) may declare, in bytes. */
  maxExpandedBytes: number;
  maxEntries: number;
  /** Largest expansion ratio of one entry: deflate tops out near 1032:1, a bomb goes past it. */
  maxRatio: number;
}

export const DEFAULT_CONTENT_LIMITS: ContentLimits = { maxExpandedBytes: 200 * 1024 * 1024, maxEntries: 10000, maxRatio: 1000 };

/**
 * Decides what a stored upload is by its bytes, and refuses what may not be kept: a type not on the
 * list (a renamed executable), a zip that expands past the limits, an XML declaring a DTD or entities.
 */
export async function sniffFile(path: string, fileName: string, limits: ContentLimits = DEFAULT_CONTENT_LIMITS): Promise<AttachmentType> {
  const head = await readHead(path, 16);
  if (head.length === 0) throw new AttachmentRefusedError(fileName, 'empty');
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return zipKind(path, fileName, limits);
  if (await looksLikeXml(path, fileName)) return 'xml';
  throw new AttachmentRefusedError(fileName, 'type');
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((b, i) => buffer[i] === b);
}

/** XML: UTF-8 text whose first markup is a declaration or an element; no DOCTYPE, no ENTITY anywhere. */
async function looksLikeXml(path: string, fileName: string): Promise<boolean> {
  const decoder = new StringDecoder('utf8');
  let started = false;
  let isXml = false;
  let tail = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    const text = decoder.write(chunk as Buffer);
    if (text.includes('\uFFFD')) {
      if (!started) return false;
      throw new AttachmentRefusedError(fileName, 'not-utf8');
    }
    if (!started) {
      const trimmed = text.replace(/^\uFEFF/, '').trimStart();
      if (trimmed === '') continue;
      started = true;
      isXml = /^<(\?xml[\s?]|[A-Za-z_:])/.test(trimmed);
      if (!isXml) return false;
    }
    // Scanned with the end of the previous chunk, so a declaration split across chunks is seen.
    if (/<!(DOCTYPE|ENTITY)/i.test(tail + text)) throw new AttachmentRefusedError(fileName, 'xml-dtd');
    tail = text.slice(-16);
  }
  return isXml;
}

interface ZipEntryInfo {
  name: string;
  compressed: number;
  uncompressed: number;
}

async function zipKind(path: string, fileName: string, limits: ContentLimits): Promise<AttachmentType> {
  const limitMb = String(Math.round(limits.maxExpandedBytes / 1024 / 1024));
  const entries = await zipEntries(path, fileName, limits.maxEntries, limitMb);
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressed;
    const ratio = entry.uncompressed / Math.max(entry.compressed, 1);
    if (total > limits.maxExpandedBytes || (entry.uncompressed > 1024 * 1024 && ratio > limits.maxRatio)) {
      throw new AttachmentRefusedError(fileName, 'expansion', limitMb);
    }
  }
  const names = new Set(entries.map((e) => e.name));
  if (names.has('OFD.xml')) return 'ofd';
  if (names.has('[Content_Types].xml') && entries.some((e) => e.name.startsWith('xl/'))) return 'xlsx';
  if (names.has('[Content_Types].xml') && entries.some((e) => e.name.startsWith('word/'))) return 'docx';
  throw new AttachmentRefusedError(fileName, 'type');
}

/** The central directory's entries, read without inflating anything. */
function zipEntries(path: string, fileName: string, maxEntries: number, limitMb: string): Promise<ZipEntryInfo[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(new AttachmentRefusedError(fileName, 'zip-broken'));
      if (zip.entryCount > maxEntries) {
        zip.close();
        return reject(new AttachmentRefusedError(fileName, 'expansion', limitMb));
      }
      const entries: ZipEntryInfo[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push({ name: entry.fileName, compressed: entry.compressedSize, uncompressed: entry.uncompressedSize });
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', () => reject(new AttachmentRefusedError(fileName, 'zip-broken')));
      zip.readEntry();
    });
  });
}
