import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { DemoSeeder } from './demo-seeder';
import { AppUser, OrgUnit, UserGroup } from './org.entities';
import { OrgService } from './org.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OrgUnit, AppUser, UserGroup])],
  providers: [OrgService, DemoSeeder, PasswordHasher],
  exports: [OrgService, DemoSeeder, PasswordHasher],
})
export class OrgModule {}
