/* Plain data and functions, shared with the web app (no decorators, no file reads). */

/** A class of GB/T 14885-2022 as the bureau's cards use it (`rules/data/asset-classes.json`). */
export interface AssetClass {
  code: string;
  name: string;
  parent: string | null;
  /** Default useful life from the depreciation table; null for classes not depreciated (图书、土地). */
  usefulLifeYears: number | null;
  /** 专用设备: carded from ¥1,500 instead of ¥1,000. */
  special: boolean;
  /** The code is not checked against the standard yet (codes below the top levels). */
  sample?: boolean;
}

export interface AssetClassCatalogue {
  source: string;
  sample: boolean;
  thresholdFen: { general: number; specialEquipment: number };
  classes: AssetClass[];
}

export function assetClass(classes: readonly AssetClass[], code: string): AssetClass | undefined {
  return classes.find((c) => c.code === code);
}

/** The class's default useful life in months, or null when the class is not depreciated. */
export function usefulLifeMonths(classes: readonly AssetClass[], code: string): number | null {
  const found = assetClass(classes, code);
  return found?.usefulLifeYears ? found.usefulLifeYears * 12 : null;
}

/**
 * The class proposed for a contract item from its 品目 code: the class of the same code, else of its
 * longest prefix (a 品目 finer than the class table falls to its parent class).
 */
export function classForCatalogueCode(classes: readonly AssetClass[], catalogueCode: string | null | undefined): AssetClass | undefined {
  if (!catalogueCode) return undefined;
  for (let length = catalogueCode.length; length >= 3; length--) {
    const found = assetClass(classes, catalogueCode.slice(0, length));
    if (found) return found;
  }
  return undefined;
}

/** The class and every class below it, for filtering a ledger by a class of any level. */
export function classAndDescendants(classes: readonly AssetClass[], code: string): string[] {
  return classes.filter((c) => c.code.startsWith(code)).map((c) => c.code);
}
