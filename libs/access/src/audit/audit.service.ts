import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditLogEntity } from './audit-log.entity';

export interface AuditEntry {
  action: AuditAction;
  dataClass?: string | null;
  personId?: string | null;
  purpose?: string | null;
  incidentId?: string | null;
  breakGlass?: boolean;
  decision?: string | null;
  detail?: Record<string, unknown>;
}

/** Writes audit rows: in the caller's transaction when given one (writes), else on their own (reads). */
@Injectable()
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  async record(actor: { accountId: string; role: string; organisation: string } | null, entries: AuditEntry[], manager?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const m = manager ?? this.ds.manager;
    const rows = entries.map((e) => ({
      accountId: actor?.accountId ?? null,
      role: actor?.role ?? null,
      organisation: actor?.organisation ?? null,
      action: e.action,
      dataClass: e.dataClass ?? null,
      personId: e.personId ?? null,
      purpose: e.purpose ?? null,
      incidentId: e.incidentId ?? null,
      breakGlass: e.breakGlass ?? false,
      decision: e.decision ?? null,
      detail: (e.detail ?? {}) as Record<string, never>,
    }));
    for (let i = 0; i < rows.length; i += 1000) {
      await m.createQueryBuilder().insert().into(AuditLogEntity).values(rows.slice(i, i + 1000)).execute();
    }
  }
}
