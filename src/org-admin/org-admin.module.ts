import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { OrgAdminController } from './org-admin.controller';
import { OrgAdminService } from './org-admin.service';

/** 组织管理: the administration of units, people and groups; separate from OrgModule, which every feature reads. */
@Module({
  imports: [TasksModule],
  controllers: [OrgAdminController],
  providers: [OrgAdminService],
})
export class OrgAdminModule {}
