import { Body, Controller, Get, Headers, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
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
  login(@Body() body: LoginDto, @Req() request: Request) {
    return this.auth.login(body.username, body.password, request.ip ?? request.socket.remoteAddress ?? 'unknown');
  }

  /** Revokes the caller's token. */
  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Headers('authorization') authorization: string) {
    await this.auth.logout(authorization.split(' ')[1] ?? '');
  }

  @Get('me')
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}
