import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppException, FieldProblem } from './app.exception';

/** Flattens class-validator's tree into dotted field paths (`input.supporters.0.phone`). */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ field: path, message });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

/**
 * The one validation pipe: whitelist, transform, and errors with code BAD_USER_INPUT whose field paths
 * start with the argument name (`input.supporters.0.phone`), so a client can point at the bad field.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => AppException.badInput(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (e) {
      const fields = e instanceof AppException ? e.details.fields : undefined;
      if (fields && metadata.data) {
        throw AppException.badInput(fields.map((f) => ({ ...f, field: `${metadata.data}.${f.field}` })));
      }
      throw e;
    }
  }
}
