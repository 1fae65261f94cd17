import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AppException } from '@anpi/core';
import { Actor } from '../actor';
import { AuthService } from '../auth.service';

const IS_PUBLIC = 'anpi:isPublic';

/** Marks the few operations that run without a session (`login`, `refreshSession`). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export interface RequestWithActor {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/** Reads the request (HTTP) or the connection (graphql-ws) from a GraphQL or HTTP context. */
export function requestOf(context: ExecutionContext): RequestWithActor {
  if (context.getType<string>() === 'graphql') {
    const ctx = GqlExecutionContext.create(context).getContext<{ req: RequestWithActor }>();
    return ctx.req;
  }
  return context.switchToHttp().getRequest<RequestWithActor>();
}

/**
 * Global guard: every GraphQL operation needs a valid access token unless marked @Public.
 * It authenticates only; what the actor may see is the access policy's decision.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    if (context.getType<string>() !== 'graphql') return true; // REST endpoints (/health, /ready) guard themselves
    const req = requestOf(context);
    if (req.actor) return true; // already authenticated (graphql-ws connection, or an earlier field)
    const header = req.headers?.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    const token = value?.startsWith('Bearer ') ? value.slice(7).trim() : undefined;
    if (!token) throw AppException.unauthenticated();
    const actor = await this.auth.actorFromAccessToken(token);
    if (!actor) throw AppException.unauthenticated('Session expired or invalid; please log in again');
    req.actor = actor;
    return true;
  }
}
