import { fenToYuan, yuanToFen } from '@shared/common/money';
import type { BatchView } from '@shared/payments/payment.views';

/** What the payment pages read from /api/payments: the server's own view types. */
export type { DueView as DueLine, ImportReport, LineView as BatchLine, PayableNoteView } from '@shared/payments/payment.views';
export type BatchDetail = BatchView;
export type BatchSummary = Omit<BatchView, 'lines' | 'history' | 'layouts'>;

/** Sums yuan strings exactly, through fen. */
export function sumYuan(amounts: string[]): string {
  return fenToYuan(amounts.reduce((sum, amount) => sum + yuanToFen(amount), 0));
}
