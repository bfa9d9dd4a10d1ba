import type { Actor } from './session';

/**
 * Where each user works, first match wins: the cashier on 待支付, procurement administrators on their
 * 采购事项 work list, asset-keepers on 待建卡, approvers on 待办, accountants on 凭证, finance on the budget workspace, the
 * bureau's leaders on the dashboards, process administrators on the process list, everybody else on
 * 我的申请. The menu offers the other places the user may go.
 */
const WORKPLACES: { route: string; holds: (group: string) => boolean }[] = [
  { route: 'payments-due', holds: (group) => group === 'cashier' },
  { route: 'procurement', holds: (group) => group === 'procurement' },
  { route: 'assets-pending', holds: (group) => group === 'asset-keeper' || group.startsWith('asset-keeper:') },
  { route: 'tasks', holds: (group) => group.startsWith('unit-head:') || group.startsWith('fund-owner:') || group === 'contract-review' },
  { route: 'vouchers', holds: (group) => group === 'accountant' },
  { route: 'budget', holds: (group) => group === 'finance' },
  { route: 'dashboards', holds: (group) => group === 'deputy-chief' || group === 'chief' },
  { route: 'processes', holds: (group) => group === 'process-admin' },
];

export function landingRoute(actor: Actor | null): string {
  return WORKPLACES.find((place) => actor?.groups.some(place.holds))?.route ?? 'my-applications';
}
