import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { parseCsv } from '../../src/payments/bank-files';
import { ApiClient, eventually, login, screened } from './api';
import { adminClient, financeClient } from './people';

let cashier: Promise<ApiClient> | undefined;
/** The demo cashier (出纳), who builds batches and records the bank's result. */
export function cashierClient(): Promise<ApiClient> {
  return (cashier ??= login('qianfang'));
}

/** A synthetic account (and card) for a person, kept through the administrator's API. */
export async function giveAccount(username: string, options: { card?: boolean } = {}): Promise<{ accountNo: string; cardNo: string | null }> {
  const digits = () => BigInt(`0x${randomBytes(6).toString('hex')}`).toString().padStart(12, '0').slice(0, 12);
  const accountNo = `6222${digits()}`;
  const cardNo = options.card ? `6282${digits()}` : null;
  const response = await (await adminClient()).put(`/api/org/users/${username}/bank-account`, { accountNo, bankName: '中国工商银行义乌分行', ...(cardNo ? { cardNo } : {}) });
  if (response.status !== 200) throw new Error(`could not keep the account of ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return { accountNo, cardNo };
}

/** Files a claim and walks its approval chain with whichever of the approvers holds each step, until it is APPROVED. */
export async function approvedClaim(submitter: ApiClient, document: unknown, approvers: ApiClient[]): Promise<string> {
  const filed = await submitter.post('/api/claims', document);
  if (filed.status !== 201) throw new Error(`claim refused: ${filed.status} ${JSON.stringify(filed.body)}`);
  const id = filed.body.id as string;
  await screened(submitter, id);
  const all = [...approvers, await financeClient()];
  await eventually(async () => {
    const claim = await submitter.get(`/api/claims/${id}`);
    if (claim.body.status !== 'IN_APPROVAL') return claim.body.status;
    for (const approver of all) {
      const tasks = await approver.get(`/api/tasks?subject=${id}`);
      const task = tasks.body.items?.find((t: any) => t.subjectId === id);
      if (task) await approver.post(`/api/tasks/${task.id}/complete`, { decision: 'approve' });
    }
    return (await submitter.get(`/api/claims/${id}`)).body.status;
  }, (status) => status === 'APPROVED', 60_000);
  return id;
}

/** Has finance approve a batch from its task list and waits for the batch to read APPROVED. */
export async function approveBatch(batchId: string, approver?: ApiClient): Promise<void> {
  const finance = approver ?? (await financeClient());
  const tasks = await eventually(() => finance.get(`/api/tasks?subject=${batchId}`), (r) => r.status === 200 && r.body.items.some((t: any) => t.subjectId === batchId));
  const task = tasks.body.items.find((t: any) => t.subjectId === batchId);
  const decided = await finance.post(`/api/tasks/${task.id}/complete`, { decision: 'approve' });
  if (decided.status !== 200) throw new Error(`batch approval refused: ${decided.status} ${JSON.stringify(decided.body)}`);
  const cashier = await cashierClient();
  await eventually(() => cashier.get(`/api/payments/batches/${batchId}`), (r) => r.body.status === 'APPROVED');
}

/** The bank's answer to an exported CSV: the file with 状态 and 备注 added, by the rows' keys. */
export function csvResult(exported: Buffer, outcome: (row: Record<string, string>) => [string, string]): Buffer {
  const [headers, ...rows] = parseCsv(exported.toString('utf8').replace(/^\uFEFF/, '')).filter((r) => r.some((c) => c !== ''));
  const lines = [[...headers, '状态', '备注'], ...rows.map((cells) => [...cells, ...outcome(Object.fromEntries(headers.map((h, i) => [h, cells[i]])))])];
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return Buffer.from('\uFEFF' + lines.map((cells) => cells.map(quote).join(',')).join('\r\n') + '\r\n', 'utf8');
}

/** The same for an exported XLSX; `extra` rows are appended as they are (another batch's line, an unknown key). */
export async function xlsxResult(exported: Buffer, outcome: (row: Record<string, string>) => [string, string], extra: Record<string, string>[] = []): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(exported as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  sheet.getRow(1).getCell(headers.length + 1).value = '状态';
  sheet.getRow(1).getCell(headers.length + 2).value = '备注';
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const values = Object.fromEntries(headers.map((h, i) => [h, String(row.getCell(i + 1).value ?? '')]));
    const [status, reason] = outcome(values);
    row.getCell(headers.length + 1).value = status;
    row.getCell(headers.length + 2).value = reason;
  }
  for (const values of extra) sheet.addRow([...headers.map((h) => values[h] ?? ''), values['状态'] ?? '成功', values['备注'] ?? '']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Rows of an exported CSV as objects by header. */
export function csvRows(exported: Buffer): Record<string, string>[] {
  const [headers, ...rows] = parseCsv(exported.toString('utf8').replace(/^\uFEFF/, '')).filter((r) => r.some((c) => c !== ''));
  return rows.map((cells) => Object.fromEntries(headers.map((h, i) => [h, cells[i]])));
}
