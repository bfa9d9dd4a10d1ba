/* Plain functions, shared with the web app (which shows keepers their actions): only the actor's id and groups are read. */
type Actor = { id: string; groups: string[] };

/** Read every asset: leaders, finance and the books (the brief's "who sees what"). */
export const ASSET_READERS = ['finance', 'accountant', 'deputy-chief', 'chief'];
export const ASSET_KEEPER = 'asset-keeper';

export interface AssetScope {
  /** Every card of the bureau. */
  all: boolean;
  /** Units (codes) whose cards are visible beyond the ones the actor holds. */
  unitCodes: string[];
}

/**
 * Which cards an actor lists: readers by role and a bureau-wide asset-keeper all; a unit's head and
 * an asset-keeper of one unit that unit's; everyone the cards they hold (added by the query).
 */
export function assetScope(actor: Pick<Actor, 'groups'>): AssetScope {
  if (actor.groups.includes(ASSET_KEEPER) || actor.groups.some((g) => ASSET_READERS.includes(g))) return { all: true, unitCodes: [] };
  const unitCodes = actor.groups.filter((g) => g.startsWith('unit-head:') || g.startsWith(`${ASSET_KEEPER}:`)).map((g) => g.slice(g.indexOf(':') + 1));
  return { all: false, unitCodes: [...new Set(unitCodes)] };
}

export function mayReadAsset(actor: Actor, card: { unitCode: string; holderId: string | null }): boolean {
  const scope = assetScope(actor);
  return scope.all || scope.unitCodes.includes(card.unitCode) || card.holderId === actor.id;
}

/** Cards, issues, returns, transfers out and stocktakes of a unit: its asset-keeper or a bureau-wide one. */
export function canManageUnit(actor: Pick<Actor, 'groups'>, unitCode: string): boolean {
  return actor.groups.includes(ASSET_KEEPER) || actor.groups.includes(`${ASSET_KEEPER}:${unitCode}`);
}

/** Units an actor keeps assets for: null for the whole bureau. */
export function managedUnits(actor: Pick<Actor, 'groups'>): string[] | null {
  if (actor.groups.includes(ASSET_KEEPER)) return null;
  return actor.groups.filter((g) => g.startsWith(`${ASSET_KEEPER}:`)).map((g) => g.slice(ASSET_KEEPER.length + 1));
}

export function isAssetKeeper(actor: Pick<Actor, 'groups'>): boolean {
  return actor.groups.some((g) => g === ASSET_KEEPER || g.startsWith(`${ASSET_KEEPER}:`));
}
