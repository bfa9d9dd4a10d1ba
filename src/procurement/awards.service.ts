import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BudgetLine } from '../budget/budget.entities';
import { FieldError, RequestValidationError } from '../common/domain-error';
import { fenToYuan, yuanToFen } from '../common/money';
import { bilingual, isUuid } from '../common/validation';
import { OrgUnit } from '../org/org.entities';
import { SuppliersService } from '../suppliers/suppliers.service';
import type { AwardImportRowDto, BudgetLineRefDto } from './dto/award-import.dto';
import { ProcurementAward } from './procurement-award.entity';
import { METHOD_NAMES, methodOf, ProcurementMethod } from './procurement-methods';
import { AwardNotFoundError } from './procurement.errors';

/** What an award is made of; the request is absent for an imported one. */
export interface NewAward {
  requestId: string | null;
  unitId: string;
  budgetLineId: string;
  category: string;
  method: ProcurementMethod;
  supplierId: string;
  amountFen: number;
  awardedOn: string;
  noticeOn: string | null;
}

export interface AwardView {
  id: string;
  requestId: string | null;
  unit: string;
  unitCode: string;
  budgetLineId: string;
  category: string;
  method: ProcurementMethod;
  methodName: string;
  supplierId: string;
  supplier: string;
  supplierCreditCode: string;
  amount: string;
  amountFen: number;
  awardedOn: string;
  noticeOn: string | null;
  source: 'request' | 'import';
}

/**
 * Awards (中标/成交): made on approved procurement requests, or imported as the register kept before
 * the product. Contracts are drawn from them (supplier and amount); the procurement rules add them up.
 */
@Injectable()
export class AwardsService {
  private readonly logger = new Logger(AwardsService.name);

  constructor(private readonly dataSource: DataSource, private readonly suppliers: SuppliersService) {}

  /** Stores an award in the caller's transaction; answers its id. */
  async record(tx: EntityManager, award: NewAward, actor: string): Promise<string> {
    const repository = tx.getRepository(ProcurementAward);
    const saved = await repository.save(repository.create({ ...award, source: award.requestId ? 'request' : 'import', recordedBy: actor }));
    this.logger.log(`${actor} recorded award ${saved.id}: ${award.category} ${award.method} ${fenToYuan(award.amountFen)} to supplier ${award.supplierId}`);
    return saved.id;
  }

  /**
   * Earlier awards as an administrator imports them: every bad row named by its index and field, and
   * none stored unless all are good.
   */
  async importGiven(rows: AwardImportRowDto[], actor: string): Promise<{ imported: number; awards: string[] }> {
    return this.dataSource.transaction(async (tx) => {
      const errors: FieldError[] = [];
      const awards: NewAward[] = [];
      for (const [i, row] of rows.entries()) {
        const bad = (field: string, zh: string, en: string) => errors.push({ field: `awards[${i}].${field}`, message: bilingual(zh, en) });
        const unit = await unitByNameOrCode(tx, row.unit);
        if (!unit) bad('unit', `单位“${row.unit}”不存在`, `unit "${row.unit}" does not exist`);
        const method = methodOf(row.method);
        if (!method) bad('method', `采购方式“${row.method}”未知`, `unknown method "${row.method}"`);
        const supplier = await this.suppliers.resolve(row.supplier, tx);
        if (!supplier) bad('supplier', `供应商“${row.supplier}”不在供应商库中`, `supplier "${row.supplier}" is not registered`);
        const line = await lineOf(tx, row.budgetLine, Number(row.awardedOn.slice(0, 4)));
        if (!line) bad('budgetLine', `${row.awardedOn.slice(0, 4)} 年度没有该预算指标`, `no such budget line in ${row.awardedOn.slice(0, 4)}`);
        else if (unit && line.unitId !== unit.id) bad('budgetLine', '预算指标不属于该单位', 'the budget line is not of that unit');
        const amountFen = yuanToFen(row.amount);
        if (amountFen <= 0) bad('amount', '金额应大于零', 'amount must be above zero');
        if (row.noticeOn && row.noticeOn < row.awardedOn) bad('noticeOn', '通知日期不能早于成交日期', 'the notice day must not be before the award day');
        if (unit && method && supplier && line && amountFen > 0) {
          awards.push({ requestId: null, unitId: unit.id, budgetLineId: line.id, category: row.category, method, supplierId: supplier.id, amountFen, awardedOn: row.awardedOn, noticeOn: row.noticeOn ?? null });
        }
      }
      if (errors.length > 0) throw new RequestValidationError(errors);
      const ids: string[] = [];
      for (const award of awards) ids.push(await this.record(tx, award, actor));
      return { imported: ids.length, awards: ids };
    });
  }

  async get(id: string): Promise<AwardView> {
    const award = isUuid(id) ? await this.dataSource.getRepository(ProcurementAward).findOne({ where: { id } }) : null;
    if (!award) throw new AwardNotFoundError(id);
    return toAwardView(award);
  }

  async findByRequest(requestId: string): Promise<AwardView | null> {
    if (!isUuid(requestId)) return null;
    const award = await this.dataSource.getRepository(ProcurementAward).findOne({ where: { requestId } });
    return award ? toAwardView(award) : null;
  }

  async findByIds(ids: string[]): Promise<AwardView[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (valid.length === 0) return [];
    return (await this.dataSource.getRepository(ProcurementAward).createQueryBuilder('a')
      .leftJoinAndSelect('a.unit', 'unit').leftJoinAndSelect('a.supplier', 'supplier')
      .where('a.id IN (:...valid)', { valid }).getMany()).map(toAwardView);
  }

  /** A supplier's awards, newest first. */
  async bySupplier(supplierId: string, limit = 500): Promise<AwardView[]> {
    if (!isUuid(supplierId)) return [];
    return (await this.dataSource.getRepository(ProcurementAward).find({ where: { supplierId }, order: { awardedOn: 'DESC', createdAt: 'DESC' }, take: limit })).map(toAwardView);
  }
}

export function toAwardView(award: ProcurementAward): AwardView {
  return {
    id: award.id,
    requestId: award.requestId,
    unit: award.unit.name,
    unitCode: award.unit.code,
    budgetLineId: award.budgetLineId,
    category: award.category,
    method: award.method,
    methodName: METHOD_NAMES[award.method].zh,
    supplierId: award.supplierId,
    supplier: award.supplier.name,
    supplierCreditCode: award.supplier.creditCode,
    amount: fenToYuan(award.amountFen),
    amountFen: award.amountFen,
    awardedOn: award.awardedOn,
    noticeOn: award.noticeOn,
    source: award.source,
  };
}

export function unitByNameOrCode(db: EntityManager, value: string): Promise<OrgUnit | null> {
  return db.getRepository(OrgUnit).findOne({ where: [{ name: value.trim() }, { code: value.trim() }] });
}

/** The line a reference names in a fiscal year: a special fund by its project name (or the only one). */
export async function lineOf(db: EntityManager, ref: BudgetLineRefDto, year: number): Promise<BudgetLine | null> {
  const unit = await unitByNameOrCode(db, ref.unit);
  if (!unit) return null;
  const candidates = await db.getRepository(BudgetLine).find({ where: { unitId: unit.id, fiscalYear: year, subject: ref.subject, fundType: ref.fund } });
  if (ref.fund === 'basic') return candidates.find((line) => line.fundName === '') ?? null;
  const name = (ref.name ?? '').trim();
  if (name) return candidates.find((line) => line.fundName === name) ?? null;
  return candidates.length === 1 ? candidates[0] : null;
}
