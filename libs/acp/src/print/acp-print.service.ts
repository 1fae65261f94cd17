import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppException } from '@anpi/core';
import { Actor, AuditAction, AuditService, DataClass, Decision, Purpose } from '@anpi/access';
import { AcpRepository } from '../acp.repository';
import { AcpService } from '../acp.service';
import { AcpPrintRepository } from './acp-print.repository';
import { acpSummaryPdf } from './acp-summary-pdf';

export interface AcpSummaryPdfFile {
  personId: string;
  filename: string;
  mimeType: string;
  contentBase64: string;
  pages: number;
  exportId: string;
}

/**
 * The printable summary for the person to keep at home (人生会議の記録 — 本人控え). It is an ACP read:
 * the stance comes from AcpService.stance, so the same access decision (class A, with its audit row)
 * applies as to every other ACP query, and the printout is logged as an export.
 */
@Injectable()
export class AcpPrintService {
  constructor(
    private readonly acp: AcpService,
    private readonly repo: AcpRepository,
    private readonly printRepo: AcpPrintRepository,
    private readonly audit: AuditService,
  ) {}

  async summaryPdf(actor: Actor, personId: string, now = new Date()): Promise<AcpSummaryPdfFile> {
    const view = await this.acp.stance(actor, personId);
    const [person, displayName] = await Promise.all([this.repo.personIdentity(personId), this.printRepo.displayName(actor.accountId)]);
    if (!person) throw AppException.notFound('Person');
    const exportId = randomUUID().slice(0, 8);
    const { pdf, pages } = acpSummaryPdf({
      person: { name: person.name, nameKana: person.nameKana },
      stance: view.stance,
      orders: view.ordersInForce,
      printedBy: { displayName: displayName ?? actor.accountId, organisation: actor.organisation },
      printedAt: now,
      exportId,
    });
    const stamp = now.toISOString().slice(0, 10).replace(/-/g, '');
    const filename = `anpi-acp-summary-${stamp}-${exportId}.pdf`;
    await this.audit.record(actor, [
      {
        action: AuditAction.EXPORT, dataClass: DataClass.A, personId, purpose: Purpose.EXPORT, decision: Decision.ALLOW,
        detail: { operation: 'acpSummaryPdf', format: 'PDF (本人控え)', exportId, filename, pages, orders: view.ordersInForce.length },
      },
    ]);
    return { personId, filename, mimeType: 'application/pdf', contentBase64: pdf.toString('base64'), pages, exportId };
  }
}
