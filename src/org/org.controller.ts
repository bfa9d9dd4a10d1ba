import { Body, Controller, Post } from '@nestjs/common';
import { RequireGroups } from '../auth/auth.guard';
import { CreateUnitDto, CreateUserDto } from './dto/org-admin.dto';
import { OrgService } from './org.service';

/** Units and people, kept by the process administrators. */
@Controller('org')
@RequireGroups('process-admin')
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Post('units')
  createUnit(@Body() body: CreateUnitDto) {
    return this.org.createUnit(body);
  }

  @Post('users')
  createUser(@Body() body: CreateUserDto) {
    return this.org.createUser(body);
  }
}
