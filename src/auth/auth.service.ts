import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { Actor, OrgService } from '../org/org.service';
import { AuthError, SignInThrottledError } from './auth.errors';
import { PasswordHasher } from './password-hasher';
import { SignInStore } from './sign-in.store';

interface TokenPayload {
  sub: string;
  username: string;
  /** The token's own id, so logout can revoke it. */
  jti?: string;
  exp?: number;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly org: OrgService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly signIns: SignInStore,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Signs a user in. After LOGIN_MAX_FAILURES wrong passwords the account is locked for
   * LOGIN_LOCK_MINUTES (even the right password is refused meanwhile), and an address with too many
   * failures waits as long; every attempt is recorded.
   */
  async login(username: string, password: string, address: string): Promise<{ accessToken: string; user: Actor }> {
    const minutes = this.config.LOGIN_LOCK_MINUTES;
    const now = this.clock.now();
    const since = new Date(now.getTime() - minutes * 60_000);
    if ((await this.signIns.addressFailures(address, since)) >= this.config.LOGIN_MAX_FAILURES_PER_ADDRESS) throw SignInThrottledError.addressThrottled(minutes);
    const failures = await this.signIns.accountFailures(username, since);
    if (failures.count >= this.config.LOGIN_MAX_FAILURES) throw SignInThrottledError.accountLocked(minutes);

    const user = await this.org.findUserWithPasswordHash(username);
    // Hash even for an unknown user, so timing does not tell which usernames exist.
    const ok = await this.hasher.verify(password, user?.passwordHash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    await this.signIns.record(username, address, !!user && ok && user.active, now);
    if (!user || !ok || !user.active) {
      this.logger.warn(`failed sign-in as ${JSON.stringify(username.slice(0, 50))} from ${address}`);
      if (failures.count + 1 >= this.config.LOGIN_MAX_FAILURES) throw SignInThrottledError.accountLocked(minutes);
      throw AuthError.badCredentials();
    }
    const payload: TokenPayload = { sub: user.id, username: user.username, jti: randomUUID() };
    return { accessToken: await this.jwt.signAsync(payload), user: (await this.org.actor(user.id))! };
  }

  /** Revokes the token the caller signed in with: it opens nothing any more, on any API instance. */
  async logout(token: string): Promise<void> {
    const payload = await this.verify(token);
    if (payload.jti) await this.signIns.revoke(payload.jti, new Date((payload.exp ?? 0) * 1000));
  }

  /** The actor a bearer token stands for; throws AuthError when it stands for no one. */
  async authenticate(token: string): Promise<Actor> {
    const payload = await this.verify(token);
    if (payload.jti && (await this.signIns.isRevoked(payload.jti))) throw AuthError.tokenInvalid();
    const actor = await this.org.actor(payload.sub);
    if (!actor || !actor.active) throw AuthError.tokenInvalid();
    return actor;
  }

  private async verify(token: string): Promise<TokenPayload> {
    try {
      return await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      throw AuthError.tokenInvalid();
    }
  }
}
