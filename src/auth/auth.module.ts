import { Global, Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { SignInStore } from './sign-in.store';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // A key object, not the string: given a string, jsonwebtoken first tries to read it as a
        // public or private key and fails, which cost about 0.35 ms of CPU on every request.
        const key = config.JWT_SECRET ? createSecretKey(Buffer.from(config.JWT_SECRET)) : undefined;
        return {
          ...(key ? { secretOrKeyProvider: () => key } : { secret: config.JWT_SECRET }),
          signOptions: { expiresIn: config.JWT_TTL_SECONDS, issuer: 'jingbao' },
          verifyOptions: { issuer: 'jingbao' },
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, SignInStore, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
