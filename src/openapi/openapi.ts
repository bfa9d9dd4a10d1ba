import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
// The storage behind @Type() is not among the package's typed entry points.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { PROJECT_ROOT } from '../common/project-root';
import { EXPENSE_CLAIM_EXAMPLE, TRAVEL_CLAIM_EXAMPLE, TRAVEL_REQUEST_EXAMPLE } from './examples';

const ERROR_RESPONSES: Record<string, string> = {
  '400': '输入有误，`fields` 逐项指出字段 / invalid input; `fields` names each bad field',
  '401': '未登录或登录已失效 / not signed in, or the token expired or was revoked',
  '403': '无权执行 / not allowed for this role or unit',
  '404': '不存在 / not found',
  '409': '与当前状态或并发操作冲突 / conflicts with the current state or a concurrent action',
  '413': '请求内容过大 / request body too large',
  '429': '请求过于频繁（登录）/ too many attempts (sign-in)',
};
const PUBLIC = new Set(['/api/auth/login', '/api/health']);

/**
 * The API described at /api/docs (OpenAPI 3, JSON at /api/docs/openapi.json): every route Nest knows,
 * request bodies as the validating DTO classes declare them (class-validator → JSON schema), the one
 * error shape, and examples in the claim document's shape.
 */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  const config = new DocumentBuilder()
    .setTitle('智慧警保 API')
    .setDescription('报销、出差申请、审批、预算与审计。每个错误都是 `{error, message, messageEn, fields?}`：中文在前，英文在后。')
    .setVersion(version)
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const schemas = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/', classTransformerMetadataStorage: defaultMetadataStorage });
  delete schemas.AppConfig; // validated too, but the process's configuration is no part of the API
  document.components = {
    ...document.components,
    schemas: {
      ...(document.components?.schemas ?? {}),
      ...(schemas as NonNullable<OpenAPIObject['components']>['schemas']),
      Error: {
        type: 'object',
        required: ['error', 'message', 'messageEn'],
        properties: {
          error: { type: 'string', example: 'VALIDATION_FAILED' },
          message: { type: 'string', example: '提交的内容有误' },
          messageEn: { type: 'string', example: 'The request has invalid fields' },
          fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string', example: 'invoices[0].date' }, message: { type: 'string', example: '日期应为存在的日期，格式 YYYY-MM-DD / must be a real date as YYYY-MM-DD' } } } },
        },
      },
    },
  };
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations) as [string, any][]) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      operation.security = PUBLIC.has(path) ? [] : [{ bearer: [] }];
      for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
        if (status === '401' && PUBLIC.has(path)) continue;
        operation.responses[status] ??= { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      }
      const examples = EXAMPLES[`${method.toUpperCase()} ${path}`];
      const body = operation.requestBody?.content?.['application/json'];
      if (examples && body) body.examples = examples;
      if (method === 'post' && (path === '/api/claims' || path === '/api/travel-requests')) {
        operation.parameters = [...(operation.parameters ?? []), { name: 'Idempotency-Key', in: 'header', required: false, description: '每次表单提交一个键：重复提交返回第一次的结果 / one key per form submission: a repeat answers what the first answered', schema: { type: 'string', minLength: 8, maxLength: 200 } }];
      }
    }
  }
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return document;
}

const EXAMPLES: Record<string, Record<string, { summary: string; value: unknown }>> = {
  'POST /api/claims': { travel: { summary: '差旅费报销 travel claim', value: TRAVEL_CLAIM_EXAMPLE }, expense: { summary: '日常费用报销 expense claim', value: EXPENSE_CLAIM_EXAMPLE } },
  'PUT /api/claims/{id}': { travel: { summary: '修改后重新提交 corrected and resubmitted', value: TRAVEL_CLAIM_EXAMPLE } },
  'POST /api/travel-requests': { request: { summary: '出差申请 travel request', value: TRAVEL_REQUEST_EXAMPLE } },
};
