import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AppException } from '@anpi/core';
import { Actor } from '../actor';
import { requestOf } from './auth.guard';

/** The authenticated actor of this operation (the AuthGuard has put it on the request). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = requestOf(context).actor;
  if (!actor) throw AppException.unauthenticated();
  return actor;
});
