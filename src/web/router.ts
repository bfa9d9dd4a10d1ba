import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { get, prefetch, whenUnauthenticated } from './api';
import { landingRoute } from './landing';
import LoginPage from './pages/LoginPage.vue';
import { Actor, confirm, session } from './session';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    // Login is part of the entry: the first page a new device sees costs no extra round trip.
    { path: '/login', name: 'login', component: LoginPage, meta: { public: true } },
    {
      path: '/',
      component: () => import('./layouts/AppLayout.vue'),
      children: [
        // Never shown: the guard below sends '/' to where the user works.
        { path: '', name: 'home', component: () => import('./pages/claims/MyApplications.vue') },
        { path: 'my', name: 'my-applications', component: () => import('./pages/claims/MyApplications.vue') },
        { path: 'travel-requests/new', name: 'new-travel-request', component: () => import('./pages/claims/TravelRequestEditor.vue') },
        { path: 'travel-requests/:id', name: 'travel-request', component: () => import('./pages/claims/TravelRequestDetail.vue'), props: true },
        { path: 'claims/new/:type(travel|expense)', name: 'new-claim', component: () => import('./pages/claims/ClaimEditor.vue'), props: true },
        { path: 'claims/:id/edit', name: 'revise-claim', component: () => import('./pages/claims/ClaimEditor.vue'), props: true },
        { path: 'claims/:id', name: 'claim', component: () => import('./pages/claims/ClaimDetail.vue'), props: true, meta: { data: (to: RouteLocationNormalized) => [`/claims/${to.params.id}`] } },
        { path: 'tasks', name: 'tasks', component: () => import('./pages/tasks/TaskInbox.vue') },
        { path: 'tasks/:id', name: 'task', component: () => import('./pages/tasks/TaskDetail.vue'), props: true, meta: { data: (to: RouteLocationNormalized) => [`/tasks/${to.params.id}`] } },
        { path: 'admin/forms', name: 'forms', component: () => import('./pages/admin/FormEditor.vue') },
        { path: 'admin/rules', name: 'rules', component: () => import('./pages/admin/RulesAdmin.vue') },
        { path: 'admin/org', name: 'org', component: () => import('./pages/admin/OrgAdmin.vue') },
        { path: 'admin/processes', name: 'processes', component: () => import('./pages/admin/ProcessList.vue') },
        { path: 'admin/processes/:processKey/diff', name: 'process-diff', component: () => import('./pages/admin/ProcessDiff.vue'), props: true },
        { path: 'admin/processes/:processKey', name: 'process-editor', component: () => import('./pages/admin/ProcessEditor.vue'), props: true },
        { path: 'payments/due', name: 'payments-due', component: () => import('./pages/payments/DuePayments.vue') },
        { path: 'payments/batches', name: 'payment-batches', component: () => import('./pages/payments/PaymentBatches.vue') },
        { path: 'payments/batches/:id', name: 'payment-batch', component: () => import('./pages/payments/PaymentBatchDetail.vue'), props: true },
        { path: 'payments/card', name: 'card-reconciliation', component: () => import('./pages/payments/CardReconciliation.vue') },
        { path: 'contracts', name: 'contracts', component: () => import('./pages/contracts/ContractList.vue') },
        { path: 'contracts/new', name: 'new-contract', component: () => import('./pages/contracts/ContractEditor.vue') },
        { path: 'contracts/execution', name: 'contract-execution', component: () => import('./pages/contracts/ContractExecution.vue') },
        { path: 'contracts/sme-due', name: 'sme-due', component: () => import('./pages/contracts/SmeDue.vue') },
        { path: 'contracts/:id', name: 'contract', component: () => import('./pages/contracts/ContractDetail.vue'), props: true },
        { path: 'assets', name: 'assets', component: () => import('./pages/assets/AssetList.vue') },
        { path: 'assets/pending', name: 'assets-pending', component: () => import('./pages/assets/AssetPending.vue') },
        { path: 'assets/import', name: 'assets-import', component: () => import('./pages/assets/AssetImport.vue') },
        { path: 'my-assets', name: 'my-assets', component: () => import('./pages/assets/MyAssets.vue') },
        { path: 'assets/scan', name: 'asset-scan', component: () => import('./pages/asset-labels/AssetScan.vue') },
        { path: 'assets/labels', name: 'asset-labels', component: () => import('./pages/asset-labels/AssetLabels.vue') },
        { path: 'stocktakes', name: 'stocktakes', component: () => import('./pages/stocktakes/StocktakeList.vue') },
        { path: 'stocktakes/:id', name: 'stocktake', component: () => import('./pages/stocktakes/StocktakePage.vue'), props: true },
        { path: 'assets/:id', name: 'asset', component: () => import('./pages/assets/AssetDetail.vue'), props: true },
        { path: 'asset-flows', name: 'asset-flows', component: () => import('./pages/asset-flows/AssetFlowList.vue') },
        { path: 'asset-flows/new', name: 'new-asset-flow', component: () => import('./pages/asset-flows/AssetFlowNew.vue') },
        { path: 'asset-transfers/:id', name: 'asset-transfer', component: () => import('./pages/asset-flows/AssetFlowDetail.vue'), props: (r) => ({ id: r.params.id, kind: 'asset-transfer' }) },
        { path: 'asset-disposals/:id', name: 'asset-disposal', component: () => import('./pages/asset-flows/AssetFlowDetail.vue'), props: (r) => ({ id: r.params.id, kind: 'asset-disposal' }) },
        { path: 'asset-reports', name: 'asset-reports', component: () => import('./pages/asset-reports/AssetReports.vue') },
        { path: 'depreciation', name: 'depreciation', component: () => import('./pages/asset-reports/DepreciationRuns.vue') },
        { path: 'contract-payments/:id', name: 'contract-payment', component: () => import('./pages/contracts/ContractPaymentDetail.vue'), props: true },
        { path: 'budget', name: 'budget', component: () => import('./pages/budget/BudgetWorkspace.vue') },
        { path: 'dashboards', name: 'dashboards', component: () => import('./pages/dashboards/Dashboards.vue') },
        { path: 'accounting/vouchers', name: 'vouchers', component: () => import('./pages/accounting/VoucherList.vue') },
        { path: 'accounting/vouchers/:id', name: 'voucher', component: () => import('./pages/accounting/VoucherDetail.vue'), props: true },
        { path: 'accounting/periods', name: 'accounting-periods', component: () => import('./pages/accounting/PeriodClose.vue') },
        { path: 'accounting/trial-balance', name: 'trial-balance', component: () => import('./pages/accounting/TrialBalance.vue') },
        { path: 'accounting/ledger', name: 'ledger', component: () => import('./pages/accounting/LedgerPage.vue') },
        { path: 'accounting/final-accounts', name: 'final-accounts', component: () => import('./pages/accounting/FinalAccounts.vue') },
        { path: 'accounting/posting-rules', name: 'posting-rules', component: () => import('./pages/accounting/PostingRules.vue') },
        { path: 'subjects/:kind/:id', name: 'subject', component: () => import('./pages/SubjectPage.vue'), props: true },
        { path: 'procurement', name: 'procurement', component: () => import('./pages/procurement/ProcurementRequestList.vue') },
        { path: 'procurement/new', name: 'new-procurement-request', component: () => import('./pages/procurement/ProcurementRequestEditor.vue') },
        { path: 'procurement/requests/:id', name: 'procurement-request', component: () => import('./pages/procurement/ProcurementRequestDetail.vue'), props: true },
        { path: 'suppliers', name: 'suppliers', component: () => import('./pages/procurement/SupplierRegister.vue') },
        { path: 'suppliers/report', name: 'supplier-report', component: () => import('./pages/procurement/SupplierReport.vue') },
        { path: 'notifications', name: 'notifications', component: () => import('./pages/NotificationList.vue') },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

/**
 * Every page but login needs a session; an expired one goes to login and then back where the user was.
 * '/' (after login, the brand link) is the page where the user works.
 */
/** Where the navigation under way goes: a session found dead meanwhile returns the user there after login. */
let heading: string | null = null;
router.afterEach(() => {
  heading = null;
});

router.beforeEach(async (to) => {
  heading = to.fullPath;
  if (to.meta.public) return true;
  if (!session.token) return { name: 'login', query: { redirect: to.fullPath } };
  if (!session.confirmed) {
    // The page's code and its first data load while the session is checked, not after it.
    for (const record of to.matched) {
      const component = record.components?.default;
      if (typeof component === 'function') void (component as () => Promise<unknown>)().catch(() => undefined);
    }
    prefetchData(to);
    const checking = get<Actor>('/me').then(confirm);
    if (session.actor) {
      // The person remembered from the last visit draws the page now; a token that died meanwhile
      // sends the user to login through whenUnauthenticated when /me answers 401.
      void checking.catch(() => undefined);
    } else {
      try {
        await checking;
      } catch {
        return { name: 'login', query: { redirect: to.fullPath, expired: '1' } };
      }
    }
  } else prefetchData(to);
  if (to.name === 'home') return { name: landingRoute(session.actor), replace: true };
  return true;
});

/** The first API reads of a page (route meta `data`), started beside its code instead of after it. */
function prefetchData(to: RouteLocationNormalized): void {
  const paths = (to.meta.data as ((route: RouteLocationNormalized) => string[]) | undefined)?.(to) ?? [];
  for (const path of paths) prefetch(path);
}

whenUnauthenticated(() => {
  const target = heading ?? router.currentRoute.value.fullPath;
  if (!target.startsWith('/login')) void router.push({ name: 'login', query: { redirect: target, expired: '1' } });
});
