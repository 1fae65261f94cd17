import { Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, PubSub, QueueName } from '@anpi/core';
import { GENERATION_CHUNKS, TaskGenerationRepository, TaskRepository, progressTopic } from '@anpi/checks';
import { IncidentRepository } from './incident.repository';
import { GenerationStatus } from './incident.entity';
import { IncidentsService } from './incidents.service';

/** A generation that adds this many tasks refreshes the planner's statistics afterwards. */
const ANALYZE_AFTER_TASKS = 5_000;

/**
 * Incident jobs. Thin: parse the ids, call the set-based repositories, log start, end and duration.
 * Every job is idempotent: finished chunks are recorded with their tasks, and the unique key on
 * (incident, person, group) makes any re-run add only what is missing.
 */
@Processor(QueueName.Incidents)
export class IncidentsProcessor extends WorkerHost {
  private readonly logger = new Logger(IncidentsProcessor.name);

  constructor(
    private readonly generation: TaskGenerationRepository,
    private readonly tasks: TaskRepository,
    private readonly incidents: IncidentRepository,
    private readonly service: IncidentsService,
    private readonly pubsub: PubSub,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const t0 = Date.now();
    switch (job.name as JobName) {
      case JobName.GenerateTasks: {
        const { incidentId, areaVersion } = job.data as { incidentId: string; areaVersion: number };
        const inc = await this.incidents.findById(incidentId);
        if (!inc || inc.status !== 'ACTIVE' || inc.areaVersion !== areaVersion) return { skipped: true };
        await this.incidents.setGenerationStatus(incidentId, GenerationStatus.RUNNING);
        const done = await this.generation.chunksDone(incidentId, areaVersion);
        const todo = Array.from({ length: GENERATION_CHUNKS }, (_, k) => k).filter((k) => !done.has(k));
        const pending = todo.length;
        let finished = GENERATION_CHUNKS - pending;
        let people = 0;
        let tasks = 0;
        let failed = false;
        // Chunks are independent transactions over disjoint people: a few lanes take the next chunk in turn.
        const lane = async () => {
          for (let chunk = todo.shift(); chunk !== undefined && !failed; chunk = todo.shift()) {
            const r = await this.generation.generateChunk(incidentId, areaVersion, chunk).catch((e: unknown) => {
              failed = true;
              throw e;
            });
            people += r.people;
            tasks += r.tasks;
            finished++;
            await job.updateProgress(Math.round((finished / GENERATION_CHUNKS) * 100));
          }
        };
        const lanes = Math.min(this.generation.chunkParallelism(), pending);
        // allSettled: a failed lane lets the other finish its chunk before the job fails (and is retried).
        const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
        const failure = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected');
        if (failure) throw failure.reason;
        if (!pending) await job.updateProgress(100);
        const now = await this.incidents.findById(incidentId);
        if (now?.areaVersion === areaVersion) await this.incidents.setGenerationStatus(incidentId, GenerationStatus.DONE);
        await this.pubsub.publish(progressTopic(incidentId), { incidentId }).catch(() => undefined);
        this.logger.log(`${job.name} ${incidentId} v${areaVersion}: ${people} people, ${tasks} tasks in ${Date.now() - t0} ms`);
        // Lists are ready (DONE above); fresh statistics keep the first map and list queries on good plans.
        if (tasks >= ANALYZE_AFTER_TASKS) {
          const a0 = Date.now();
          await this.generation.refreshStatistics().catch((e: unknown) => this.logger.warn(`ANALYZE after generation failed: ${(e as Error).message}`));
          this.logger.log(`${job.name} ${incidentId}: statistics refreshed in ${Date.now() - a0} ms`);
        }
        return { people, tasks, ms: Date.now() - t0 };
      }
      case JobName.EscalateOverdueTasks: {
        const escalated = await this.tasks.escalateOverdue();
        for (const e of escalated) await this.pubsub.publish(progressTopic(e.incident_id), { incidentId: e.incident_id }).catch(() => undefined);
        const n = escalated.reduce((a, e) => a + e.n, 0);
        if (n) this.logger.log(`${job.name}: escalated ${n} tasks in ${Date.now() - t0} ms`);
        return { escalated: n };
      }
      case JobName.ReconcileGeneration: {
        // Redis lost the job, or a worker died between chunks: re-enqueue what has not finished.
        const unfinished = await this.incidents.unfinishedGenerations();
        for (const u of unfinished) await this.service.enqueueGeneration(u.id, u.area_version, `-r${Math.floor(Date.now() / 60000)}`);
        return { reenqueued: unfinished.length };
      }
      default:
        throw new Error(`unknown job ${job.name} on queue ${QueueName.Incidents}`);
    }
  }
}
