import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthService, RequestWithActor } from '@anpi/access';
import { AppException } from '@anpi/core';

/**
 * The global AuthGuard authenticates GraphQL operations and leaves REST endpoints to guard themselves;
 * this is that guard for REST: the same bearer access token, checked by the same AuthService, put on the
 * request as the actor (so @CurrentActor works). What the actor may do is the service's policy check.
 */
@Injectable()
export class BearerActorGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RequestWithActor>();
    const header = req.headers.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    const token = value?.startsWith('Bearer ') ? value.slice(7).trim() : undefined;
    if (!token) throw AppException.unauthenticated();
    const actor = await this.auth.actorFromAccessToken(token);
    if (!actor) throw AppException.unauthenticated('Session expired or invalid; please log in again');
    req.actor = actor;
    return true;
  }
}
