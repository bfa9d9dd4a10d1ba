import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES_DIR } from '../rules/rules.service';
import { AssetClass, AssetClassCatalogue, assetClass, classForCatalogueCode, usefulLifeMonths } from './asset-classes';

/** The asset classes, useful lives and thresholds of `rules/data/asset-classes.json`, read once at start. */
@Injectable()
export class AssetClassCatalogueService {
  readonly catalogue: AssetClassCatalogue;

  constructor() {
    this.catalogue = JSON.parse(readFileSync(join(RULES_DIR, 'data', 'asset-classes.json'), 'utf8')) as AssetClassCatalogue;
  }

  get classes(): readonly AssetClass[] {
    return this.catalogue.classes;
  }

  find(code: string): AssetClass | undefined {
    return assetClass(this.classes, code);
  }

  usefulLifeMonths(code: string): number | null {
    return usefulLifeMonths(this.classes, code);
  }

  proposeFor(catalogueCode: string | null | undefined): AssetClass | undefined {
    return classForCatalogueCode(this.classes, catalogueCode);
  }
}
