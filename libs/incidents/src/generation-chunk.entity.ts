import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * Progress of task generation: one row per (incident, area version, chunk) written in the same
 * transaction as that chunk's tasks, so a restarted job skips finished chunks and a reconciler can
 * tell what is missing.
 */
@Entity({ name: 'generation_chunk' })
export class GenerationChunkEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid', primaryKeyConstraintName: 'pk_generation_chunk' })
  incidentId!: string;

  @PrimaryColumn({ name: 'area_version', type: 'integer', primaryKeyConstraintName: 'pk_generation_chunk' })
  areaVersion!: number;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_generation_chunk' })
  chunk!: number;

  @Column({ name: 'people', type: 'integer' })
  people!: number;

  @Column({ name: 'tasks_inserted', type: 'integer' })
  tasksInserted!: number;

  @CreateDateColumn({ name: 'done_at', type: 'timestamptz' })
  doneAt!: Date;

  @ManyToOne('IncidentEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_generation_chunk_incident' })
  incident?: object;
}
