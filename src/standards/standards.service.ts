import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { fenToYuan, yuanToFen } from '../common/money';
import { cityName } from '../invoices/invoice-facts';
import type { RankTier } from '../org/org.entities';
import { RULES_DIR, RulesService } from '../rules/rules.service';
import type { PutStandardsDto } from './dto/standards.dto';
import type { LodgingCap, TripInput, TripStandards } from './standards-facts';
import { AllowanceRow, LodgingRow, SeatClassRow, StandardKind } from './travel-standard.entity';
import type { StandardsView } from './standards.views';

export const SHIPPED_STANDARDS = join(RULES_DIR, 'data', 'travel-standards.json');
const EVERYWHERE = '*';

interface ShippedStandards extends PutStandardsDto {
  regions: Record<string, string>;
}

interface InForceRow {
  kind: StandardKind;
  key: string;
  effective_from: string;
  data: LodgingRow | AllowanceRow | SeatClassRow;
  source: string;
}

/**
 * Travel standards as data with effective dates: lodging caps per city × tier with a peak season,
 * meal and city-transport allowances per region, seat classes per tier and mode. Shipped rows are
 * seeded from rules/data/travel-standards.json; finance adds rows through the API.
 */
@Injectable()
export class StandardsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(StandardsService.name);
  private readonly shipped: ShippedStandards;

  constructor(private readonly dataSource: DataSource, private readonly rules: RulesService) {
    this.shipped = JSON.parse(readFileSync(SHIPPED_STANDARDS, 'utf8')) as ShippedStandards;
  }

  onModuleInit(): void {
    this.rules.registerFact('travelStandards', async (almanac) => {
      const trip = (await almanac.factValue('trip')) as TripInput;
      const traveller = (await almanac.factValue('traveller')) as { tier: RankTier };
      return this.forTrip(trip, traveller.tier);
    });
  }

  /** Seeds the shipped rows the database lacks; rows finance changed are left as they are. */
  async onApplicationBootstrap(): Promise<void> {
    const stored = await this.dataSource.transaction((tx) => this.store(tx, this.shipped, 'rules/data/travel-standards.json', false));
    if (stored > 0) this.logger.log(`seeded ${stored} travel-standard rows`);
  }

  /** The province (or region) a city belongs to, for regional allowance overrides. */
  regionOf(city: string): string | null {
    return this.shipped.regions[city] ?? this.shipped.regions[cityName(city)] ?? null;
  }

  /** The standards a trip is held to: the rows in force on its first day. */
  async forTrip(trip: TripInput, tier: RankTier): Promise<TripStandards> {
    const cities = [...new Set([trip.destination, ...trip.lodging.map((entry) => entry.city)])];
    const lodgingKeys = cities.flatMap((city) => [`${city}|${tier}`, `${cityName(city)}|${tier}`]).concat(`${EVERYWHERE}|${tier}`);
    const region = this.regionOf(trip.destination);
    const allowanceKeys = [trip.destination, cityName(trip.destination), ...(region ? [region] : []), EVERYWHERE];
    const rows = await this.rowsInForce(trip.start, [
      ...lodgingKeys.map((key) => ({ kind: 'lodging' as const, key })),
      ...allowanceKeys.map((key) => ({ kind: 'allowance' as const, key })),
      ...['train', 'air', 'ship', 'bus'].map((mode) => ({ kind: 'seat-class' as const, key: `${tier}|${mode}` })),
    ]);
    const find = (kind: StandardKind, key: string) => rows.find((row) => row.kind === kind && row.key === key);
    const lodgingRow = (city: string) => find('lodging', `${city}|${tier}`) ?? find('lodging', `${cityName(city)}|${tier}`);

    const lodging: Record<string, LodgingCap | null> = {};
    for (const city of cities) {
      const row = lodgingRow(city) ?? find('lodging', `${EVERYWHERE}|${tier}`);
      const data = row?.data as LodgingRow | undefined;
      lodging[city] = row && data
        ? { city: row.key.split('|')[0], perNightFen: data.perNightFen, peakMonths: data.peakMonths, peakUpliftPct: data.peakUpliftPct, source: `${row.source}（${row.effective_from}起）` }
        : null;
    }

    const destinationRow = lodgingRow(trip.destination)?.data as LodgingRow | undefined;
    const allowanceRow = allowanceKeys.map((key) => find('allowance', key)).find((row) => row !== undefined);
    const allowance = allowanceRow?.data as AllowanceRow | undefined;
    const seatClasses: TripStandards['seatClasses'] = {};
    for (const row of rows.filter((r) => r.kind === 'seat-class')) seatClasses[row.key.split('|')[1]] = (row.data as SeatClassRow).classes;

    return {
      tier,
      lodging,
      mealPerDayFen: destinationRow?.mealPerDayFen ?? allowance?.mealPerDayFen ?? 0,
      transportPerDayFen: destinationRow?.transportPerDayFen ?? allowance?.transportPerDayFen ?? 0,
      allowanceSource: allowanceRow ? `${allowanceRow.key}: ${allowanceRow.source}` : 'none',
      seatClasses,
    };
  }

  /** Every row in force on a day, as the API shows it. */
  async view(on: string): Promise<StandardsView> {
    const rows = await this.rowsInForce(on);
    const view: StandardsView = { on, lodging: [], allowances: [], seatClasses: [], regions: this.shipped.regions };
    for (const row of rows) {
      if (row.kind === 'lodging') {
        const data = row.data as LodgingRow;
        const [city, tier] = row.key.split('|');
        view.lodging.push({
          city,
          tier,
          lodgingPerNight: fenToYuan(data.perNightFen),
          peak: data.peakMonths.length ? { months: data.peakMonths, uplift: data.peakUpliftPct / 100 } : null,
          mealPerDay: data.mealPerDayFen === undefined ? null : fenToYuan(data.mealPerDayFen),
          transportPerDay: data.transportPerDayFen === undefined ? null : fenToYuan(data.transportPerDayFen),
          effectiveFrom: row.effective_from,
          source: row.source,
        });
      } else if (row.kind === 'allowance') {
        const data = row.data as AllowanceRow;
        view.allowances.push({ region: row.key, mealPerDay: fenToYuan(data.mealPerDayFen), transportPerDay: fenToYuan(data.transportPerDayFen), effectiveFrom: row.effective_from, source: row.source });
      } else {
        const [tier, mode] = row.key.split('|');
        view.seatClasses.push({ tier, mode, classes: (row.data as SeatClassRow).classes, effectiveFrom: row.effective_from, source: row.source });
      }
    }
    return view;
  }

  /** Stores new rows from their effective day; a row for the same key and day is replaced. All or nothing. */
  async put(standards: PutStandardsDto, createdBy: string): Promise<{ stored: number; effectiveFrom: string }> {
    const stored = await this.dataSource.transaction((tx) => this.store(tx, standards, createdBy, true));
    this.logger.log(`${createdBy} stored ${stored} travel-standard rows from ${standards.effectiveFrom}`);
    return { stored, effectiveFrom: standards.effectiveFrom };
  }

  private async store(tx: EntityManager, standards: PutStandardsDto, createdBy: string, replace: boolean): Promise<number> {
    const rows: { kind: StandardKind; key: string; data: object; source: string }[] = [];
    const sourceOf = (source?: string) => source ?? `${createdBy}（未注明来源 no source given）`;
    for (const row of standards.lodging ?? []) {
      const data: LodgingRow = {
        perNightFen: yuanToFen(row.lodgingPerNight),
        peakMonths: row.peak?.months ?? [],
        peakUpliftPct: Math.round((row.peak?.uplift ?? 0) * 100),
      };
      if (row.mealPerDay) data.mealPerDayFen = yuanToFen(row.mealPerDay);
      if (row.transportPerDay) data.transportPerDayFen = yuanToFen(row.transportPerDay);
      rows.push({ kind: 'lodging', key: `${row.city.trim()}|${row.tier}`, data, source: sourceOf(row.source) });
    }
    for (const row of standards.allowances ?? []) {
      rows.push({ kind: 'allowance', key: row.region.trim(), data: { mealPerDayFen: yuanToFen(row.mealPerDay), transportPerDayFen: yuanToFen(row.transportPerDay) }, source: sourceOf(row.source) });
    }
    for (const row of standards.seatClasses ?? []) {
      rows.push({ kind: 'seat-class', key: `${row.tier}|${row.mode}`, data: { classes: row.classes.map((c) => c.trim()) }, source: sourceOf(row.source) });
    }
    let stored = 0;
    for (const row of rows) {
      const result = await tx.query(
        `INSERT INTO travel_standard (kind, key, effective_from, data, source, created_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (kind, key, effective_from) DO ${replace ? 'UPDATE SET data = EXCLUDED.data, source = EXCLUDED.source, created_by = EXCLUDED.created_by, created_at = now()' : 'NOTHING'}
         RETURNING id`,
        [row.kind, row.key, standards.effectiveFrom, row.data, row.source, createdBy],
      );
      stored += result.length;
    }
    return stored;
  }

  private async rowsInForce(day: string, keys?: { kind: StandardKind; key: string }[]): Promise<InForceRow[]> {
    const filter = keys ? `AND (kind, key) IN (SELECT * FROM unnest($2::text[], $3::text[]))` : '';
    const params: unknown[] = [day];
    if (keys) params.push(keys.map((k) => k.kind), keys.map((k) => k.key));
    return this.dataSource.query(
      `SELECT DISTINCT ON (kind, key) kind, key, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, data, source
       FROM travel_standard WHERE effective_from <= $1 ${filter}
       ORDER BY kind, key, effective_from DESC`,
      params,
    );
  }
}

