import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppUser, candidateGroupId, GroupCode, OrgUnit, UserGroup } from './org.entities';

/** The caller as the rest of the application sees them. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  tier: AppUser['tier'];
  unit: { id: string; code: string; name: string };
  /** Engine candidate-group ids of the user's memberships (`unit-head:chengxi`, `finance`). */
  groups: string[];
}

@Injectable()
export class OrgService {
  constructor(
    @InjectRepository(OrgUnit) private readonly units: Repository<OrgUnit>,
    @InjectRepository(AppUser) private readonly users: Repository<AppUser>,
    @InjectRepository(UserGroup) private readonly memberships: Repository<UserGroup>,
  ) {}

  async findUserWithPasswordHash(username: string): Promise<AppUser | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .leftJoinAndSelect('user.unit', 'unit')
      .where('user.username = :username', { username })
      .getOne();
  }

  async findUserByUsername(username: string): Promise<AppUser | null> {
    return this.users.findOne({ where: { username } });
  }

  async findUnitByName(name: string): Promise<OrgUnit | null> {
    return this.units.findOne({ where: { name } });
  }

  async actor(userId: string): Promise<Actor | null> {
    const user = await this.users.findOne({ where: { id: userId } });
    if (!user) return null;
    const memberships = await this.memberships.find({ where: { userId } });
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      tier: user.tier,
      unit: { id: user.unit.id, code: user.unit.code, name: user.unit.name },
      groups: memberships.map((m) => candidateGroupId(m.groupCode, m.unit?.code)),
    };
  }

  /** The candidate group of a unit-scoped role, e.g. the unit head of 城西派出所 → `unit-head:chengxi`. */
  unitGroup(code: GroupCode, unit: OrgUnit): string {
    return candidateGroupId(code, unit.code);
  }
}
