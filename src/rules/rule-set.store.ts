import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RuleSetDefinition } from './rule-set-definition';
import { RuleSetVersion } from './rule-set-version.entity';

export interface StoredRuleSet {
  definition: RuleSetDefinition;
  createdBy: string;
  createdAt: Date;
}

/** Where rule-set versions are kept: the `rule_set_version` table. */
@Injectable()
export class RuleSetStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Changes when any version is stored (by this API instance or another): how many there are. */
  async stamp(): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM rule_set_version`);
    return count;
  }

  async all(): Promise<StoredRuleSet[]> {
    const rows = await this.dataSource.getRepository(RuleSetVersion).find({ order: { setName: 'ASC', version: 'ASC' } });
    return rows.map((row) => ({ definition: row.definition, createdBy: row.createdBy, createdAt: row.createdAt }));
  }

  /** Stores a shipped version unless that set already has it; says whether it was stored. */
  async addShipped(definition: RuleSetDefinition, origin: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `INSERT INTO rule_set_version (set_name, version, effective_from, definition, created_by)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (set_name, version) DO NOTHING RETURNING version`,
      [definition.set, definition.version, definition.effectiveFrom, definition, origin],
    );
    return result.length > 0;
  }

  /** Stores a definition as the set's next version, numbered under a lock so two writers never collide. */
  async addNext(definition: Omit<RuleSetDefinition, 'version'>, createdBy: string): Promise<RuleSetDefinition> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('rule_set_version:' || $1))`, [definition.set]);
      const [{ next }] = await tx.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM rule_set_version WHERE set_name = $1`, [definition.set]);
      const stored: RuleSetDefinition = { ...definition, version: Number(next) };
      await tx.query(
        `INSERT INTO rule_set_version (set_name, version, effective_from, definition, created_by) VALUES ($1, $2, $3, $4, $5)`,
        [stored.set, stored.version, stored.effectiveFrom, stored, createdBy],
      );
      return stored;
    });
  }
}
