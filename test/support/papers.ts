import { requiredDocuments, type DocumentRequirement, type RequiredDocumentsClaim } from '../../src/documents/required-documents';
import { files } from '../factories/file.factory';
import type { ApiClient } from './api';

/**
 * The claim with every document its subject requires attached (会议通知, 公函 …; synthetic PDFs
 * uploaded as the claim form does), for tests about something else than DOC-MISSING.
 */
export async function withRequiredDocuments<T extends RequiredDocumentsClaim>(client: ApiClient, claim: T): Promise<T & { attachments: { id: string; category: string }[] }> {
  const table = (await client.get('/api/documents/requirements')).body.required as DocumentRequirement[];
  const attachments: { id: string; category: string }[] = [];
  for (const { document } of requiredDocuments(claim, [], table).required) {
    const uploaded = await client.upload('/api/attachments', { name: `${document}.pdf`, bytes: files.pdf() });
    if (uploaded.status !== 201) throw new Error(`could not upload ${document}: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
    attachments.push({ id: uploaded.body.id, category: document });
  }
  return { ...claim, attachments };
}
