import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { AppUser, GroupCode, OrgUnit, RankTier, UserGroup } from './org.entities';

const BUREAU_TITLE = '义乌市公安局';
const BUREAU_CREDIT_CODE = '11330782002580471H';

/** The demo organisation of shared/acceptance/README.md. */
const UNITS: { code: string; name: string }[] = [
  { code: 'chengxi', name: '城西派出所' },
  { code: 'dachen', name: '大陈派出所' },
  { code: 'chian', name: '赤岸派出所' },
  { code: 'jingbao', name: '警保处' },
  { code: 'bureau', name: '局领导' },
];

const USERS: { username: string; displayName: string; title: string; tier: RankTier; unit: string; groups: { code: GroupCode; unit?: string }[] }[] = [
  { username: 'zhangsan', displayName: '张三', title: '民警', tier: 'other', unit: 'chengxi', groups: [] },
  { username: 'lisi', displayName: '李四', title: '所长', tier: 'other', unit: 'chengxi', groups: [{ code: 'unit-head', unit: 'chengxi' }] },
  { username: 'chenqi', displayName: '陈七', title: '民警', tier: 'other', unit: 'dachen', groups: [] },
  { username: 'zhoujiu', displayName: '周九', title: '所长', tier: 'other', unit: 'dachen', groups: [{ code: 'unit-head', unit: 'dachen' }] },
  { username: 'sunba', displayName: '孙八', title: '民警', tier: 'other', unit: 'chian', groups: [] },
  { username: 'wushi', displayName: '吴十', title: '所长', tier: 'other', unit: 'chian', groups: [{ code: 'unit-head', unit: 'chian' }] },
  { username: 'wangwu', displayName: '王五', title: '财务科审核', tier: 'other', unit: 'jingbao', groups: [{ code: 'finance' }] },
  { username: 'zhaoliu', displayName: '赵六', title: '副局长', tier: 'bureau', unit: 'bureau', groups: [{ code: 'deputy-chief' }] },
  { username: 'chief', displayName: '钱局长', title: '局长', tier: 'bureau', unit: 'bureau', groups: [{ code: 'chief' }] },
  { username: 'admin', displayName: '系统管理员', title: '流程管理员', tier: 'other', unit: 'jingbao', groups: [{ code: 'process-admin' }] },
  // The money chain's people: 财务科, 装备财务科 and 法制科 are sections of the bureau's offices.
  { username: 'qianfang', displayName: '钱芳', title: '出纳（财务科）', tier: 'other', unit: 'jingbao', groups: [{ code: 'cashier' }] },
  { username: 'fengjun', displayName: '冯军', title: '会计（财务科）', tier: 'other', unit: 'jingbao', groups: [{ code: 'accountant' }] },
  { username: 'hesong', displayName: '何松', title: '采购管理员（装备财务科）', tier: 'other', unit: 'jingbao', groups: [{ code: 'procurement' }] },
  { username: 'luming', displayName: '陆明', title: '合同审核（法制科）', tier: 'other', unit: 'jingbao', groups: [{ code: 'contract-review' }] },
  { username: 'jiangtao', displayName: '江涛', title: '资产管理员（装备财务科）', tier: 'other', unit: 'jingbao', groups: [{ code: 'asset-keeper' }] },
];

/** Seeds the demo organisation into an empty database, in one transaction. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(private readonly dataSource: DataSource, private readonly hasher: PasswordHasher) {}

  async seedIfEmpty(password: string): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      // Serialises concurrent starts: only one of them seeds.
      await tx.query('LOCK TABLE org_unit IN EXCLUSIVE MODE');
      if ((await tx.count(OrgUnit)) > 0) {
        await this.addMissingPeople(tx, password);
        return false;
      }
      const units = new Map<string, OrgUnit>();
      for (const unit of UNITS) {
        units.set(unit.code, await tx.save(tx.create(OrgUnit, { ...unit, invoiceTitle: BUREAU_TITLE, creditCode: BUREAU_CREDIT_CODE })));
      }
      await this.addPeople(tx, USERS, units, password);
      this.logger.log(`seeded the demo organisation: ${UNITS.length} units, ${USERS.length} users`);
      return true;
    });
  }

  /**
   * A demo organisation seeded by an earlier release gains the demo people added since (the money
   * chain's cashier, accountant …); people it already has, active or not, are left as they are.
   */
  private async addMissingPeople(tx: EntityManager, password: string): Promise<void> {
    const units = new Map((await tx.find(OrgUnit)).map((unit) => [unit.code, unit]));
    if (!UNITS.every((unit) => units.has(unit.code))) return;
    const existing = new Set((await tx.find(AppUser, { select: { username: true } })).map((user) => user.username));
    const missing = USERS.filter((spec) => !existing.has(spec.username));
    if (missing.length === 0) return;
    await this.addPeople(tx, missing, units, password);
    this.logger.log(`added ${missing.length} demo people to the demo organisation: ${missing.map((spec) => spec.username).join(', ')}`);
  }

  private async addPeople(tx: EntityManager, people: typeof USERS, units: Map<string, OrgUnit>, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    for (const spec of people) {
      const user = await tx.save(
        tx.create(AppUser, {
          username: spec.username,
          displayName: spec.displayName,
          title: spec.title,
          tier: spec.tier,
          unitId: units.get(spec.unit)!.id,
          passwordHash,
        }),
      );
      for (const group of spec.groups) {
        await tx.save(tx.create(UserGroup, { userId: user.id, groupCode: group.code, unitId: group.unit ? units.get(group.unit)!.id : null }));
      }
    }
  }
}
