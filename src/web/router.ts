import { createRouter, createWebHistory } from 'vue-router';
import { get, whenUnauthenticated } from './api';
import { landingRoute } from './landing';
import { Actor, session } from './session';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
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
        { path: 'claims/:id', name: 'claim', component: () => import('./pages/claims/ClaimDetail.vue'), props: true },
        { path: 'tasks', name: 'tasks', component: () => import('./pages/tasks/TaskInbox.vue') },
        { path: 'tasks/:id', name: 'task', component: () => import('./pages/tasks/TaskDetail.vue'), props: true },
        { path: 'admin/forms', name: 'forms', component: () => import('./pages/admin/FormEditor.vue') },
        { path: 'admin/rules', name: 'rules', component: () => import('./pages/admin/RulesAdmin.vue') },
        { path: 'admin/org', name: 'org', component: () => import('./pages/admin/OrgAdmin.vue') },
        { path: 'admin/processes', name: 'processes', component: () => import('./pages/admin/ProcessList.vue') },
        { path: 'admin/processes/:processKey/diff', name: 'process-diff', component: () => import('./pages/admin/ProcessDiff.vue'), props: true },
        { path: 'admin/processes/:processKey', name: 'process-editor', component: () => import('./pages/admin/ProcessEditor.vue'), props: true },
        { path: 'budget', name: 'budget', component: () => import('./pages/budget/BudgetWorkspace.vue') },
        { path: 'dashboards', name: 'dashboards', component: () => import('./pages/dashboards/Dashboards.vue') },
        { path: 'subjects/:kind/:id', name: 'subject', component: () => import('./pages/SubjectPage.vue'), props: true },
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
router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!session.token) return { name: 'login', query: { redirect: to.fullPath } };
  if (!session.actor) {
    // The page's code loads while the session is checked, not after it.
    for (const record of to.matched) {
      const component = record.components?.default;
      if (typeof component === 'function') void (component as () => Promise<unknown>)().catch(() => undefined);
    }
    try {
      session.actor = await get<Actor>('/me');
    } catch {
      return { name: 'login', query: { redirect: to.fullPath, expired: '1' } };
    }
  }
  if (to.name === 'home') return { name: landingRoute(session.actor), replace: true };
  return true;
});

whenUnauthenticated(() => {
  const current = router.currentRoute.value;
  if (current.name !== 'login') void router.push({ name: 'login', query: { redirect: current.fullPath, expired: '1' } });
});
