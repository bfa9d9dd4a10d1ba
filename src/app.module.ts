import { PayablesModule } from './payments/payables.registry';
import { BusinessEventsModule } from './business-events/business-events.module';
import { DynamicModule, ForwardReference, Module, RequestMethod, Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { AutoApprovalModule } from './auto-approval/auto-approval.module';
import { BudgetModule } from './budget/budget.module';
import { ClaimsModule } from './claims/claims.module';
import { CommonModule } from './common/common.module';
import { CalendarModule } from './calendar/calendar.module';
import { DashboardsModule } from './dashboards/dashboards.module';
import { ProcessesModule } from './processes/processes.module';
import { NotificationsModule } from './notifications/notifications.module';
import { DomainErrorFilter } from './common/domain-error.filter';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EngineModule } from './engine/engine.module';
import { FormsModule } from './forms/forms.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { AuditModule } from './audit/audit.module';
import { HealthModule } from './health/health.module';
import { InvoicesModule } from './invoices/invoices.module';
import { OrgModule } from './org/org.module';
import { OrgAdminModule } from './org-admin/org-admin.module';
import { ReportsModule } from './reports/reports.module';
import { RoutingModule } from './routing/routing.module';
import { RuleAdminModule } from './rules/rule-admin.module';
import { RulesModule } from './rules/rules.module';
import { StandardsModule } from './standards/standards.module';
import { TravelModule } from './travel/travel.module';
import { TasksModule } from './tasks/tasks.module';
import { SubjectsModule } from './subjects/subjects.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { DocumentsModule } from './documents/documents.module';
import { PaymentsModule } from './payments/payments.module';
import { AccountingModule } from './accounting/accounting.module';
import { ProcurementModule } from './procurement/procurement.module';
import { ContractsModule } from './contracts/contracts.module';
import { AssetsModule } from './assets/assets.module';
import { AssetFlowsModule } from './asset-flows/asset-flows.module';
import { DepreciationModule } from './depreciation/depreciation.module';
import { AssetReportsModule } from './asset-reports/asset-reports.module';
import { AssetLabelsModule } from './asset-labels/asset-labels.module';
import { StocktakesModule } from './stocktakes/stocktakes.module';

/** A module the product is started with beside its own. */
export type ModuleImport = Type | DynamicModule | Promise<DynamicModule> | ForwardReference;

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extraModules: ModuleImport[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            // Request logs without bearer tokens; health probes are not worth a line each.
            redact: ['req.headers.authorization'],
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/api/health') },
          },
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
        CommonModule,
        CalendarModule,
        SubjectsModule,
        AttachmentsModule,
        BusinessEventsModule,
        PayablesModule,
        NotificationsModule,
        DatabaseModule,
        EngineModule,
        RulesModule,
        OrgModule,
        AuthModule,
        AuditModule,
        IdempotencyModule,
        FormsModule,
        ClaimsModule,
        TasksModule,
        OrgAdminModule,
        InvoicesModule,
        DocumentsModule,
        TravelModule,
        StandardsModule,
        BudgetModule,
        PaymentsModule,
        ProcurementModule,
        ContractsModule,
        AssetsModule,
        AssetFlowsModule,
        DepreciationModule,
        AssetReportsModule,
        AssetLabelsModule,
        StocktakesModule,
        RoutingModule,
        AutoApprovalModule,
        RuleAdminModule,
        ReportsModule,
        DashboardsModule,
        ProcessesModule,
        HealthModule,
        AccountingModule,
        ...extraModules,
      ],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
    };
  }
}
