import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DeploymentService } from './deployment.service';
import { EngineClient } from './engine-client';
import { ExternalTaskClientFactory, WorkerHost } from './worker-host';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [EngineClient, DeploymentService, ExternalTaskClientFactory, WorkerHost],
  exports: [EngineClient, DeploymentService, WorkerHost],
})
export class EngineModule {}
