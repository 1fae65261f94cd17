import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Actor, CurrentActor } from '@anpi/access';
import { AppException } from '@anpi/core';
import { AcpPrintService } from './acp-print.service';
import { AcpSummaryPdfModel } from './acp-print.model';

/** A malformed id is answered like a missing one, so ids cannot be probed. */
const personIdPipe = new ParseUUIDPipe({ exceptionFactory: () => AppException.notFound('Person') });

@Resolver()
export class AcpPrintResolver {
  constructor(private readonly print: AcpPrintService) {}

  @Query(() => AcpSummaryPdfModel, {
    description:
      'The printable summary for the person to keep at home (人生会議の記録 — 本人控え, A4 PDF, large type): surrogates with phones, current wishes in plain Japanese, ' +
      'physician orders in force as orders, and a note that wishes can change at any time. The same access as acpStance (care team with the person’s consent, facilitators, the person); an audited export.',
  })
  acpSummaryPdf(@CurrentActor() actor: Actor, @Args('personId', { type: () => ID }, personIdPipe) personId: string): Promise<AcpSummaryPdfModel> {
    return this.print.summaryPdf(actor, personId);
  }
}
