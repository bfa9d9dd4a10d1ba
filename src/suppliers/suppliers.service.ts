import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { RequestValidationError } from '../common/domain-error';
import { bilingual, isUuid } from '../common/validation';
import { isValidCreditCode } from '../invoices/credit-code';
import type { SupplierDto, SupplierUpdateDto } from './dto/supplier.dto';
import { Supplier, SupplierContact } from './supplier.entity';
import { SupplierExistsError, SupplierNotFoundError } from './supplier.errors';

export interface SupplierView {
  id: string;
  name: string;
  creditCode: string;
  /** Only for those who may see payment details (null otherwise). */
  account: string | null;
  bankName: string | null;
  sme: boolean;
  contacts: SupplierContact[];
  createdAt: string;
  updatedAt: string;
}

/** A credit code as typed, upper-cased and without spaces. */
export const normalCreditCode = (code: string): string => code.replace(/\s+/g, '').toUpperCase();

/** The field errors of a credit code, or none (GB 32100: 18 characters, check character last). */
export function creditCodeErrors(code: string, field = 'creditCode'): { field: string; message: string }[] {
  if (isValidCreditCode(normalCreditCode(code))) return [];
  return [{ field, message: bilingual('统一社会信用代码无效（应为 18 位，末位校验码符合 GB 32100）', 'not a valid unified social credit code (18 characters with the GB 32100 check character)') }];
}

/**
 * 供应商库: one supplier per 统一社会信用代码, checked by GB 32100's check character. Contracts,
 * awards and payments name suppliers by id; a payment's payee account is checked against `account`.
 */
@Injectable()
export class SuppliersService {
  private readonly logger = new Logger(SuppliersService.name);

  constructor(@InjectRepository(Supplier) private readonly suppliers: Repository<Supplier>, private readonly dataSource: DataSource) {}

  async create(dto: SupplierDto, actor: string): Promise<SupplierView> {
    const id = await this.dataSource.transaction((tx) => this.createWithin(tx, dto, actor));
    return this.get(id);
  }

  /** Creates a supplier in the caller's transaction (an import stores all its rows or none); answers its id. */
  async createWithin(tx: EntityManager, dto: SupplierDto, actor: string): Promise<string> {
    const creditCode = normalCreditCode(dto.creditCode);
    const errors = creditCodeErrors(creditCode);
    if (errors.length > 0) throw new RequestValidationError(errors);
    const repository = tx.getRepository(Supplier);
    const sameCode = await repository.findOne({ where: { creditCode } });
    if (sameCode) throw new SupplierExistsError('creditCode', sameCode.id);
    const sameName = await this.byNameIn(tx, dto.name);
    if (sameName) throw new SupplierExistsError('name', sameName.id);
    const saved = await repository.save(
      repository.create({
        name: dto.name.trim(),
        creditCode,
        bankAccount: dto.account ?? null,
        bankName: dto.bankName?.trim() || null,
        sme: dto.sme ?? false,
        contacts: (dto.contacts ?? []).map((c) => ({ name: c.name.trim(), ...(c.phone ? { phone: c.phone } : {}), ...(c.role ? { role: c.role } : {}) })),
        createdBy: actor,
      }),
    );
    this.logger.log(`${actor} registered supplier ${saved.id} ${creditCode} ${saved.name}`);
    return saved.id;
  }

  async update(id: string, dto: SupplierUpdateDto, actor: string): Promise<SupplierView> {
    const supplier = await this.findOrFail(id);
    if (dto.name !== undefined && dto.name.trim() !== supplier.name) {
      const sameName = await this.byNameIn(this.dataSource.manager, dto.name);
      if (sameName && sameName.id !== id) throw new SupplierExistsError('name', sameName.id);
    }
    await this.suppliers.update(id, {
      ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
      ...(dto.account !== undefined ? { bankAccount: dto.account } : {}),
      ...(dto.bankName !== undefined ? { bankName: dto.bankName.trim() || null } : {}),
      ...(dto.sme !== undefined ? { sme: dto.sme } : {}),
      ...(dto.contacts !== undefined ? { contacts: dto.contacts } : {}),
      updatedAt: new Date(),
    });
    this.logger.log(`${actor} updated supplier ${id} ${supplier.creditCode}`);
    return this.get(id);
  }

  async get(id: string, withAccount = true): Promise<SupplierView> {
    return toView(await this.findOrFail(id), withAccount);
  }

  async findOrFail(id: string): Promise<Supplier> {
    const supplier = isUuid(id) ? await this.suppliers.findOne({ where: { id } }) : null;
    if (!supplier) throw new SupplierNotFoundError(id);
    return supplier;
  }

  async findByIds(ids: string[]): Promise<Supplier[]> {
    const valid = [...new Set(ids.filter(isUuid))];
    return valid.length === 0 ? [] : this.suppliers.createQueryBuilder('s').where('s.id IN (:...valid)', { valid }).getMany();
  }

  async byCreditCode(code: string): Promise<Supplier | null> {
    return this.suppliers.findOne({ where: { creditCode: normalCreditCode(code) } });
  }

  async byName(name: string): Promise<Supplier | null> {
    return this.byNameIn(this.dataSource.manager, name);
  }

  /** A supplier named by id, credit code or exact name, as requests and imports name them; null when none. */
  async resolve(reference: string, db: EntityManager = this.dataSource.manager): Promise<Supplier | null> {
    const text = reference.trim();
    if (isUuid(text)) return db.getRepository(Supplier).findOne({ where: { id: text } });
    if (isValidCreditCode(normalCreditCode(text))) return db.getRepository(Supplier).findOne({ where: { creditCode: normalCreditCode(text) } });
    return this.byNameIn(db, text);
  }

  /** Suppliers whose name or credit code contains the search text, by name. */
  async list(query: { search?: string; sme?: boolean; limit?: number }, withAccount: boolean): Promise<SupplierView[]> {
    const builder = this.suppliers.createQueryBuilder('s').orderBy('s.name').limit(Math.min(query.limit ?? 200, 500));
    if (query.search?.trim()) builder.andWhere(`(s.name ILIKE :like OR s.credit_code ILIKE :like)`, { like: `%${escapeLike(query.search.trim())}%` });
    if (query.sme !== undefined) builder.andWhere('s.sme = :sme', { sme: query.sme });
    return (await builder.getMany()).map((s) => toView(s, withAccount));
  }

  private byNameIn(db: EntityManager, name: string): Promise<Supplier | null> {
    return db.getRepository(Supplier).createQueryBuilder('s').where('lower(btrim(s.name)) = lower(btrim(:name))', { name }).getOne();
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function toView(supplier: Supplier, withAccount: boolean): SupplierView {
  return {
    id: supplier.id,
    name: supplier.name,
    creditCode: supplier.creditCode,
    account: withAccount ? supplier.bankAccount : null,
    bankName: withAccount ? supplier.bankName : null,
    sme: supplier.sme,
    contacts: withAccount ? supplier.contacts : [],
    createdAt: supplier.createdAt.toISOString(),
    updatedAt: supplier.updatedAt.toISOString(),
  };
}
