/* Plain data, shared with the web app (no decorators). */

/**
 * Groups that approval steps and pages are given to; unit-scoped ones name the unit they serve. The
 * money chain's groups (出纳, 会计, 采购管理员, 合同审核, 资产管理员) are bureau-wide, except that an
 * asset-keeper may be given one unit's assets.
 */
export const GROUP_CODES = ['unit-head', 'finance', 'deputy-chief', 'chief', 'fund-owner', 'process-admin', 'cashier', 'accountant', 'procurement', 'contract-review', 'asset-keeper'] as const;
export type GroupCode = (typeof GROUP_CODES)[number];
export const UNIT_SCOPED_GROUPS: GroupCode[] = ['unit-head', 'fund-owner'];
/** Groups held either bureau-wide or for one unit. */
export const OPTIONALLY_UNIT_SCOPED_GROUPS: GroupCode[] = ['asset-keeper'];
