import { Controller, HttpCode, Post, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, Matches } from 'class-validator';
import { Actor, CurrentActor } from '@anpi/access';
import { AppException } from '@anpi/core';
import { CsvEncoding } from '../csv-encoding';
import { ROSTER_IMPORT_LIMITS, RosterImportReport, RosterImportService } from '../roster-import.service';
import { BearerActorGuard } from './bearer-actor.guard';
import { RestErrorFilter } from './rest-error.filter';

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Query string of POST /import/roster (the same options as ImportRosterInput). */
export class ImportRosterQuery {
  @Matches(/^\d{5}$/, { message: 'municipalityCode must be a five-digit JIS code' })
  municipalityCode!: string;

  @IsOptional()
  @IsEnum(CsvEncoding)
  encoding?: CsvEncoding;

  @Transform(bool)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun!: boolean;

  @IsOptional()
  @Transform(bool)
  @IsBoolean({ message: 'applyValidRows must be true or false' })
  applyValidRows?: boolean;
}

/** Content types the endpoint reads; none is a CORS "simple" type, so a cross-site form cannot post one. */
const ACCEPTED_TYPES = ['text/csv', 'application/octet-stream'];

/**
 * POST /import/roster?municipalityCode=13219&dryRun=false[&applyValidRows=true][&encoding=SHIFT_JIS]
 * with the CSV file as the raw request body (Content-Type text/csv or application/octet-stream) and
 * `Authorization: Bearer <access token>`. For files up to the 10 MB limit, which do not fit in a GraphQL
 * request (2 MB); answers the importRoster report as JSON. No multipart parsing: the body is the file.
 */
@Controller('import')
@UseGuards(BearerActorGuard)
@UseFilters(RestErrorFilter)
export class RosterImportController {
  constructor(private readonly service: RosterImportService) {}

  @Post('roster')
  @HttpCode(200)
  async importRoster(@CurrentActor() actor: Actor, @Query() query: ImportRosterQuery, @Req() req: Request): Promise<RosterImportReport> {
    const file = await readFile(req, ROSTER_IMPORT_LIMITS.maxBytes);
    return this.service.importRoster(actor, { ...query, file, fileField: 'body' });
  }
}

function tooLarge(bytes: string): AppException {
  return AppException.badInput([{ field: 'body', message: `The file is ${bytes} bytes; the limit is 10 MB (${ROSTER_IMPORT_LIMITS.maxBytes.toLocaleString('en-US')} bytes) per import. Split the file and import the parts one after another.` }]);
}

/**
 * Reads the raw body up to `limit` bytes. A declared Content-Length over the limit is refused before
 * reading; a body that grows past it is drained (so the client still gets the answer) up to twice the
 * limit, then the connection is cut.
 */
async function readFile(req: Request, limit: number): Promise<Buffer> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!ACCEPTED_TYPES.includes(type)) {
    throw AppException.badInput([{ field: 'body', message: `send the file as the request body with Content-Type ${ACCEPTED_TYPES.join(' or ')}` }]);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge(declared.toLocaleString('en-US'));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 2 * limit) {
      req.destroy();
      break;
    }
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw tooLarge(size > 2 * limit ? `more than ${(2 * limit).toLocaleString('en-US')}` : size.toLocaleString('en-US'));
  return Buffer.concat(chunks);
}
