import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import type { Finding } from '../rules/rules.service';
import { NotificationsService } from '../notifications/notifications.service';
import { OrgService } from '../org/org.service';
import { RulesService } from '../rules/rules.service';
import type { UncardedLineInput } from './asset-facts';
import { ASSET_KEEPER } from './asset-access';
import type { PendingAssetLine } from './asset.views';

export const ASSET_SET = 'asset';
const DAILY_CHECK_MS = 3600_000;

/** An accepted line the daily run found late, with the finding the rule set raised. */
export interface UncardedLine {
  acceptanceId: string;
  itemId: string;
  contractId: string;
  contractNumber: string;
  unitCode: string;
  name: string;
  acceptedOn: string;
  uncarded: number;
  finding: Finding;
}

/**
 * AST-UNCARDED: accepted items marked for asset cards with units still uncarded past the rule set's
 * days. The daily run (an hourly check, idempotent by the alert table's key) tells the keepers of the
 * item's unit once per line; the 待建卡 page shows the same finding on each late line.
 */
@Injectable()
export class AssetUncardedService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AssetUncardedService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: RulesService,
    private readonly notifications: NotificationsService,
    private readonly org: OrgService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const run = () => void this.runDaily(this.clock.today()).catch((error: Error) => this.logger.warn(`the AST-UNCARDED run failed: ${error.message}`));
    setTimeout(run, 10_000).unref();
    this.timer = setInterval(run, DAILY_CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The AST-UNCARDED finding of each pending line that has one, by `acceptanceId:itemId`. */
  async findingsOf(lines: Pick<PendingAssetLine, 'acceptanceId' | 'itemId' | 'name' | 'acceptedOn' | 'quantity' | 'carded'>[], day = this.clock.today()): Promise<Map<string, Finding>> {
    const definition = this.rules.inForce(ASSET_SET, day);
    const found = new Map<string, Finding>();
    for (const line of lines) {
      const input: UncardedLineInput = { item: line.name, acceptedOn: line.acceptedOn, quantity: line.quantity, carded: line.carded };
      const { findings } = await this.rules.evaluate(definition, { line: input, submittedOn: day });
      const finding = findings.find((f) => f.ruleId === 'AST-UNCARDED');
      if (finding) found.set(`${line.acceptanceId}:${line.itemId}`, { ...finding, facts: { ...finding.facts, ruleSet: `${definition.set}@${definition.version}` } });
    }
    return found;
  }

  /** Every accepted line of the bureau late on `day`. */
  async late(day: string): Promise<UncardedLine[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT l.acceptance_id, l.item_id, l.contract_id, c.number AS contract_number, u.code AS unit_code, i.name, l.quantity,
              to_char(a.accepted_on, 'YYYY-MM-DD') AS accepted_on,
              (SELECT count(*)::int FROM asset_card k WHERE k.acceptance_id = l.acceptance_id AND k.contract_item_id = l.item_id) AS carded
       FROM acceptance_line l
       JOIN acceptance a ON a.id = l.acceptance_id
       JOIN contract c ON c.id = l.contract_id
       JOIN org_unit u ON u.id = c.unit_id
       JOIN contract_item i ON i.id = l.item_id
       WHERE l.for_asset_card AND a.accepted_on <= $1::date
       ORDER BY a.accepted_on, c.number, i.position`,
      [day],
    );
    const lines = rows.map((r) => ({ acceptanceId: r.acceptance_id, itemId: r.item_id, contractId: r.contract_id, contractNumber: r.contract_number, unitCode: r.unit_code, name: r.name, acceptedOn: r.accepted_on, quantity: Math.floor(Number(r.quantity) + 1e-9), carded: r.carded }));
    const findings = await this.findingsOf(lines, day);
    return lines.flatMap((l) => {
      const finding = findings.get(`${l.acceptanceId}:${l.itemId}`);
      return finding ? [{ acceptanceId: l.acceptanceId, itemId: l.itemId, contractId: l.contractId, contractNumber: l.contractNumber, unitCode: l.unitCode, name: l.name, acceptedOn: l.acceptedOn, uncarded: l.quantity - l.carded, finding }] : [];
    });
  }

  /**
   * The day's run: keeps each late line once and tells the keepers of its unit (and the bureau-wide
   * ones) of the lines first found. Running it again changes nothing.
   */
  async runDaily(day: string): Promise<{ found: number; added: number; lines: UncardedLine[] }> {
    const lines = await this.late(day);
    let added = 0;
    for (const line of lines) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO asset_uncarded_alert (acceptance_id, item_id, found_on, uncarded) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING item_id`,
        [line.acceptanceId, line.itemId, day, line.uncarded],
      );
      if (inserted.length === 0) continue;
      added += 1;
      const keepers = await this.org.membersOfGroups([ASSET_KEEPER, `${ASSET_KEEPER}:${line.unitCode}`]);
      const usernames = [...new Set([...keepers.values()].flat().map((m) => m.username))];
      await this.notifications.notify(usernames, {
        kind: 'asset-uncarded',
        // No subject: keepers need not read contracts; the message names the contract and item, 待建卡 lists them.
        subject: null,
        params: { contract: line.contractNumber, item: line.name, acceptedOn: line.acceptedOn, uncarded: line.uncarded, days: (line.finding.facts.assetUncarded as { days: number }).days },
        dedupe: `asset-uncarded:${line.acceptanceId}:${line.itemId}`,
      });
    }
    if (added > 0) this.logger.log(`AST-UNCARDED run of ${day}: ${lines.length} lines late, ${added} new`);
    return { found: lines.length, added, lines };
  }
}
