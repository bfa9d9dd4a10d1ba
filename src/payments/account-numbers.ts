/**
 * Bank account and 公务卡 numbers: what a valid one looks like and how it is shown to people who may
 * not read it whole. Shared by the server and the administrator's form.
 */
export const ACCOUNT_NO = /^\d{12,30}$/;
export const CARD_NO = /^\d{16,19}$/;

/** Spaces and dashes people type between digit groups are not part of the number. */
export function normaliseNumber(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** `**** **** 1234`: only the last four digits. */
export function maskNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  return `**** ${value.slice(-4)}`;
}
