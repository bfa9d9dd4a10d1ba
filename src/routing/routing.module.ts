import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { RouteService } from './route.service';
import { RouteWorker } from './route.worker';

@Module({
  imports: [ClaimsModule],
  providers: [RouteService, RouteWorker],
})
export class RoutingModule {}
