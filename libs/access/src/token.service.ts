import { Inject, Injectable } from '@nestjs/common';
import { KeyObject, createHash, createSecretKey, randomBytes } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { APP_CONFIG, AppConfig } from '@anpi/core';

export interface AccessClaims {
  sub: string;
  sid: string;
  /** Second factor passed in this session. */
  mfa: boolean;
}

/** Short-lived signed access tokens (HS256) and opaque refresh tokens stored only as hashes. */
@Injectable()
export class TokenService {
  /** The signing secret as a KeyObject, made once: jsonwebtoken would otherwise build one from the string on every call. */
  private readonly key: KeyObject;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  signAccess(claims: AccessClaims): { token: string; expiresAt: Date } {
    const token = jwt.sign(claims, this.key, {
      algorithm: 'HS256',
      expiresIn: this.config.accessTokenTtlSeconds,
      issuer: 'anpi',
      audience: 'anpi-api',
    });
    return { token, expiresAt: new Date(Date.now() + this.config.accessTokenTtlSeconds * 1000) };
  }

  /** The claims of a valid token, or null for a missing, malformed, forged or expired one. */
  verifyAccess(token: string): AccessClaims | null {
    try {
      const decoded = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: 'anpi',
        audience: 'anpi-api',
      }) as jwt.JwtPayload;
      if (typeof decoded.sub !== 'string' || typeof decoded.sid !== 'string') return null;
      return { sub: decoded.sub, sid: decoded.sid, mfa: decoded.mfa === true };
    } catch {
      return null;
    }
  }

  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: TokenService.hashRefresh(token) };
  }

  static hashRefresh(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}
