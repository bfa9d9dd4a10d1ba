import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES_DIR, RulesService } from '../rules/rules.service';
import { CatalogueItem, MethodProposal, proposeMethod, ThresholdTable, ThresholdVersion, thresholdsOn } from './method-proposal';

export const PROCUREMENT_SET = 'procurement';

/**
 * The procurement data the rules and the form share: the 品目 catalogue and the method thresholds
 * (per region, by effective date) from rules/data, and the region the procurement rule set in force names.
 */
@Injectable()
export class ProcurementPolicy {
  readonly catalogue: CatalogueItem[];
  readonly catalogueSource: string;
  readonly thresholds: ThresholdTable;
  private readonly codes: Set<string>;

  constructor(private readonly rules: RulesService) {
    const catalogue = JSON.parse(readFileSync(join(RULES_DIR, 'data', 'procurement-catalogue.json'), 'utf8')) as { items: CatalogueItem[]; source: string };
    this.catalogue = catalogue.items;
    this.catalogueSource = catalogue.source;
    this.codes = new Set(catalogue.items.map((item) => item.code));
    this.thresholds = JSON.parse(readFileSync(join(RULES_DIR, 'data', 'procurement-thresholds.json'), 'utf8')) as ThresholdTable;
  }

  isKnownCategory(code: string): boolean {
    return this.codes.has(code);
  }

  region(day: string): string {
    return String(this.rules.inForce(PROCUREMENT_SET, day).data.region ?? 'city-county');
  }

  on(day: string, region = this.region(day)): ThresholdVersion {
    return thresholdsOn(this.thresholds, region, day);
  }

  propose(category: string, amountFen: number, day: string, region = this.region(day)): MethodProposal {
    return proposeMethod({ category, amountFen }, this.on(day, region), region);
  }

  /** What the request form needs to propose the method live, as the server will. */
  forForm(day: string) {
    const region = this.region(day);
    return { day, region, regionLabel: this.thresholds.regions[region]?.label ?? region, thresholds: this.on(day, region), catalogue: this.catalogue, catalogueSource: this.catalogueSource };
  }
}
