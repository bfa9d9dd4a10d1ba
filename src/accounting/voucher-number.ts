/** 记-0001: the voucher word and its number within the period, four digits (the period is shown beside it). */
export function voucherNumber(number: number): string {
  return `记-${String(number).padStart(4, '0')}`;
}
