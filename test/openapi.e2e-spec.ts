import { anonymous } from './support/api';

/** The API describes itself at /api/docs: every endpoint, its error shape, and claim-shaped examples. */
describe('OpenAPI description', () => {
  it('describes every endpoint with its errors, the claim document and examples', async () => {
    const response = await anonymous.get('/api/docs/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining([
      '/api/claims', '/api/claims/{id}', '/api/claims/{id}/progress', '/api/claims/{id}/withdraw', '/api/travel-requests', '/api/tasks',
      '/api/tasks/{id}/complete', '/api/budgets', '/api/budgets/{id}/ledger', '/api/forms/{name}', '/api/rules/{set}', '/api/audit', '/api/audit/verify', '/api/auth/login', '/api/auth/logout',
    ]));
    const submit = document.paths['/api/claims'].post;
    expect(submit.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ClaimDocument' });
    expect(Object.keys(submit.requestBody.content['application/json'].examples)).toEqual(['travel', 'expense']);
    expect(submit.responses['400'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(submit.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
    expect(document.components.schemas.ClaimDocument.required).toEqual(expect.arrayContaining(['type', 'claimant', 'budgetLine', 'purpose', 'invoices']));
    expect(document.components.schemas.InvoiceDto.properties.date).toBeDefined();
    expect(document.components.schemas).not.toHaveProperty('AppConfig');
    expect(document.paths['/api/auth/login'].post.security).toEqual([]);
    expect(document.paths['/api/claims'].get.security).toEqual([{ bearer: [] }]);
  });

  it('serves the reader at /api/docs', async () => {
    const page = await fetch((await import('./setup/stack')).readStack().baseUrl + '/api/docs');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });
});
