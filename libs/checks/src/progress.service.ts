import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PubSub } from '@anpi/core';
import { TaskRepository } from './task.repository';
import { TaskStatus } from './task-status';

export const progressTopic = (incidentId: string) => `progress:${incidentId}`;

const CHECKED = (s: string) => s !== TaskStatus.UNCHECKED;

/** Progress counts of an incident, and a throttled "progress changed" signal (at most once a second per incident). */
@Injectable()
export class ProgressService implements OnModuleDestroy {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ds: DataSource,
    private readonly tasks: TaskRepository,
    private readonly pubsub: PubSub,
  ) {}

  changed(incidentId: string): void {
    if (this.pending.has(incidentId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(incidentId);
      void this.pubsub.publish(progressTopic(incidentId), { incidentId }).catch(() => undefined);
    }, 1000);
    timer.unref();
    this.pending.set(incidentId, timer);
  }

  onModuleDestroy(): void {
    for (const t of this.pending.values()) clearTimeout(t);
  }

  async progress(incidentId: string, municipalityCodes: string[]) {
    const rows = await this.tasks.progress(incidentId, municipalityCodes);
    const [inc] = await this.ds.query(`SELECT generation_status FROM incident WHERE id = $1`, [incidentId]);
    const group = (key: (r: (typeof rows)[number]) => string) => {
      const out = new Map<string, { key: string; total: number; checked: number; byStatus: Map<string, number> }>();
      for (const r of rows) {
        const k = key(r);
        const g = out.get(k) ?? { key: k, total: 0, checked: 0, byStatus: new Map() };
        g.total += r.n;
        if (CHECKED(r.status)) g.checked += r.n;
        g.byStatus.set(r.status, (g.byStatus.get(r.status) ?? 0) + r.n);
        out.set(k, g);
      }
      return [...out.values()].map((g) => ({ key: g.key, total: g.total, checked: g.checked, byStatus: [...g.byStatus].map(([status, count]) => ({ status: status as TaskStatus, count })) }));
    };
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
    return {
      incidentId,
      total: sum((r) => r.n),
      checked: sum((r) => (CHECKED(r.status) ? r.n : 0)),
      needsHelp: sum((r) => (r.status === TaskStatus.NEEDS_HELP ? r.n : 0)),
      escalated: sum((r) => r.escalated),
      overdue: sum((r) => r.overdue),
      needsReview: sum((r) => r.needs_review),
      byGroup: group((r) => r.responder_group),
      byMunicipality: group((r) => r.municipality_code),
      generationStatus: inc?.generation_status ?? 'PENDING',
    };
  }
}
