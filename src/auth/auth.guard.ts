import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Actor } from '../org/org.service';
import { AuthError, RoleRequiredError } from './auth.errors';
import { AuthService } from './auth.service';

const PUBLIC = Symbol('public');
/** Opens a route to callers without a token (login, health). */
export const Public = () => SetMetadata(PUBLIC, true);

const GROUPS = Symbol('groups');
/** Limits a route to members of one of the given bureau-wide groups (`finance`, `process-admin`). */
export const RequireGroups = (...groups: string[]) => SetMetadata(GROUPS, groups);

type AuthenticatedRequest = Request & { actor?: Actor };

/** Every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw AuthError.tokenMissing();
    const actor = await this.auth.authenticate(token);
    request.actor = actor;
    const required = this.reflector.getAllAndOverride<string[] | undefined>(GROUPS, [context.getHandler(), context.getClass()]);
    if (required && !required.some((group) => actor.groups.includes(group))) throw new RoleRequiredError(required);
    return true;
  }
}

/** The authenticated caller. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => context.switchToHttp().getRequest<AuthenticatedRequest>().actor!,
);
