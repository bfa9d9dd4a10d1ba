import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { IsString, MinLength } from 'class-validator';
import { bilingual } from '../common/validation';
import type { Actor } from '../org/org.service';
import { CurrentActor, Public } from './auth.guard';
import { AuthService } from './auth.service';

class LoginDto {
  @IsString({ message: bilingual('用户名必填', 'username is required') })
  @MinLength(1, { message: bilingual('用户名必填', 'username is required') })
  username!: string;

  @IsString({ message: bilingual('密码必填', 'password is required') })
  @MinLength(1, { message: bilingual('密码必填', 'password is required') })
  password!: string;
}

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() body: LoginDto) {
    return this.auth.login(body.username, body.password);
  }

  @Get('me')
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}
