import { ATTACHMENT_TYPES, AttachmentType } from './content-type';

/**
 * `attachment` with an ASCII fallback name and the real one RFC 5987-encoded: no quote, semicolon,
 * line break or path in the header whatever the uploaded name was, and the extension the bytes have.
 */
export function contentDisposition(fileName: string, type: AttachmentType | null): string {
  const extension = type ? ATTACHMENT_TYPES[type].extension : 'bin';
  const stem = fileName.replace(/\.[^.]*$/, '') || 'file';
  // eslint-disable-next-line no-control-regex
  const safe = `${stem.replace(/[\u0000-\u001f\u007f"\\/;:*?<>|]/g, '_').slice(0, 150)}.${extension}`;
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_').replace(/%/g, '_');
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
