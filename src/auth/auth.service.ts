import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Actor, OrgService } from '../org/org.service';
import { PasswordHasher } from './password-hasher';
import { AuthError } from './auth.errors';

interface TokenPayload {
  sub: string;
  username: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly org: OrgService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; user: Actor }> {
    const user = await this.org.findUserWithPasswordHash(username);
    // Hash even for an unknown user, so timing does not tell which usernames exist.
    const ok = await this.hasher.verify(password, user?.passwordHash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    if (!user || !ok) throw AuthError.badCredentials();
    const payload: TokenPayload = { sub: user.id, username: user.username };
    return { accessToken: await this.jwt.signAsync(payload), user: (await this.org.actor(user.id))! };
  }

  /** The actor a bearer token stands for; throws AuthError when it stands for no one. */
  async authenticate(token: string): Promise<Actor> {
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      throw AuthError.tokenInvalid();
    }
    const actor = await this.org.actor(payload.sub);
    if (!actor) throw AuthError.tokenInvalid();
    return actor;
  }
}
