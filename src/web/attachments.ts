import { ApiError } from './api';
import { session } from './session';

/** An attachment as the API describes it (src/attachments/attachments.service.ts AttachmentView). */
export interface AttachmentView {
  id: string;
  fileName: string;
  type: 'pdf' | 'ofd' | 'xml' | 'jpeg' | 'png' | 'xlsx' | 'docx' | null;
  mediaType: string;
  size: number;
  sha256: string;
  category: string | null;
  invoiceNumber: string | null;
  subject: { kind: string; id: string } | null;
  supersedes: string | null;
  supersededBy: string | null;
  extracted: { fields?: Record<string, unknown>; sources?: Record<string, string>; missing?: string[] } | null;
  createdBy: string;
  createdAt: string;
}

/** What the server read from an invoice's original (POST /api/invoices/intake). */
export interface IntakeAnswer {
  attachment: AttachmentView;
  fields: Record<string, unknown>;
  sources: Record<string, 'xml' | 'pdf' | 'ofd' | 'qr'>;
  missing: string[];
  problems: { field?: string; message: string; messageEn: string }[];
}

/** What the file input offers: the kinds the server keeps (it decides by the bytes, not these). */
export const ACCEPTED_FILES = '.pdf,.ofd,.xml,.jpg,.jpeg,.png,.xlsx,.docx,application/pdf,application/xml,text/xml,image/jpeg,image/png';

async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string; messageEn?: string; fields?: { field: string; message: string }[] };
  return new ApiError(response.status, body.error ?? 'ERROR', body.message ?? response.statusText, body.messageEn ?? response.statusText, body.fields);
}

/** Sends a file as multipart field `file` with text fields beside it; the Idempotency-Key makes a retry one upload. */
export async function uploadFile<T>(path: string, file: File | Blob, fields: Record<string, string> = {}, fileName?: string): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, fileName ?? (file as File).name ?? 'file');
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { method: 'POST', headers: session.token ? { Authorization: `Bearer ${session.token}` } : {}, body: form });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络错误，请稍后重试', 'Network error, please try again');
  }
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** The content of an attachment, fetched with the session's token (an <img> cannot send it). */
export async function attachmentBlob(id: string): Promise<Blob> {
  const response = await fetch(`/api/attachments/${id}/content`, { headers: session.token ? { Authorization: `Bearer ${session.token}` } : {} });
  if (!response.ok) throw await failure(response);
  return response.blob();
}

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
