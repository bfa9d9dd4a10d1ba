import { FieldError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import type { ClaimDocument } from './dto/claim-document.dto';

/**
 * Checks across fields that the per-field decorators cannot see: references between parts of the
 * document and what a claim of each type must contain. People and units are checked by the service.
 */
export function crossFieldErrors(document: ClaimDocument): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, zh: string, en: string) => errors.push({ field, message: bilingual(zh, en) });

  if (document.type === 'travel' && !(document.trips?.length)) add('trips', '差旅报销至少需要一段行程', 'a travel claim needs at least one trip');
  if (document.type === 'expense' && !(document.items?.length)) add('items', '日常费用报销至少需要一项费用', 'an expense claim needs at least one item');

  const numbers = new Set<string>();
  document.invoices.forEach((invoice, i) => {
    const key = `${invoice.code ?? ''}:${invoice.number}`;
    if (numbers.has(key)) add(`invoices[${i}].number`, '同一张发票在本单中重复出现', 'the same invoice appears twice in this claim');
    numbers.add(key);
  });
  const invoiceNumbers = new Set(document.invoices.map((invoice) => invoice.number));

  document.trips?.forEach((trip, t) => {
    if (trip.end < trip.start) add(`trips[${t}].end`, '结束日期不能早于开始日期', 'end must not be before start');
    trip.lodging.forEach((night, n) => {
      if (night.invoice !== undefined && !invoiceNumbers.has(night.invoice)) {
        add(`trips[${t}].lodging[${n}].invoice`, '住宿引用的发票不在发票列表中', 'the lodging refers to an invoice not in the invoices list');
      }
    });
  });
  document.items?.forEach((item, i) => {
    if (!invoiceNumbers.has(item.invoice)) add(`items[${i}].invoice`, '费用引用的发票不在发票列表中', 'the item refers to an invoice not in the invoices list');
  });
  return errors;
}
