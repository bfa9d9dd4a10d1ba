import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EngineModule } from '../engine/engine.module';
import { FormsModule } from '../forms/forms.module';
import { ProcessLintService } from './process-lint.service';
import { ProcessesController } from './processes.controller';
import { ProcessesService } from './processes.service';

@Module({
  imports: [DiscoveryModule, EngineModule, FormsModule],
  controllers: [ProcessesController],
  providers: [ProcessLintService, ProcessesService],
})
export class ProcessesModule {}
