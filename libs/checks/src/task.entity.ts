import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TaskStatus } from './task-status';

/**
 * One safety-check task per (incident, person, responder group) — the unique constraint that makes
 * generation, retries and widened areas add only what is missing. `status` is derived from the
 * task's check events (never set directly).
 */
@Entity({ name: 'task' })
@Index('uq_task_incident_person_group', ['incidentId', 'personId', 'responderGroup'], { unique: true })
@Index('ix_task_incident_status', ['incidentId', 'status'])
@Index('ix_task_assignee', ['assigneeAccountId', 'incidentId'])
@Index('ix_task_pool', ['incidentId', 'poolKey'])
@Index('ix_task_due', ['dueAt'], { where: `"status" = 'UNCHECKED' AND "escalated_at" IS NULL` })
@Index('ix_task_person', ['personId'])
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_task' })
  id!: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  /** MEDICAL, CARE, WELFARE_VOLUNTEER or MUNICIPAL. */
  @Column({ name: 'responder_group', type: 'text' })
  responderGroup!: string;

  /** A named account (supporter, care professional) when the plan names one. */
  @Column({ name: 'assignee_account_id', type: 'uuid', nullable: true })
  assigneeAccountId!: string | null;

  /** The pool the task sits in: `<GROUP>:<municipality>` or `WELFARE_VOLUNTEER:<district>`. */
  @Column({ name: 'pool_key', type: 'text' })
  poolKey!: string;

  @Column({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  @Column({ name: 'district_code', type: 'text', nullable: true })
  districtCode!: string | null;

  @Column({ type: 'integer' })
  priority!: number;

  @Column({ name: 'priority_factors', type: 'text', array: true, default: () => "'{}'" })
  priorityFactors!: string[];

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text', default: TaskStatus.UNCHECKED })
  status!: TaskStatus;

  /** Incremented on every status recomputation; clients send it back with a tick. */
  @Column({ name: 'status_version', type: 'integer', default: 0 })
  statusVersion!: number;

  @Column({ name: 'event_count', type: 'integer', default: 0 })
  eventCount!: number;

  @Column({ name: 'last_event_at', type: 'timestamptz', nullable: true })
  lastEventAt!: Date | null;

  /** The latest observation time among the task's events: a tick observed later updates the status incrementally. */
  @Column({ name: 'last_observed_at', type: 'timestamptz', nullable: true })
  lastObservedAt!: Date | null;

  /** Events a coordinator must look at (a stale "safe" after "needs help", a tick after reassignment). */
  @Column({ name: 'needs_review', type: 'boolean', default: false })
  needsReview!: boolean;

  @Column({ name: 'claimed_by', type: 'uuid', nullable: true })
  claimedBy!: string | null;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  @Column({ name: 'is_drill', type: 'boolean', default: false })
  isDrill!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne('IncidentEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_task_incident' })
  incident?: object;

  @ManyToOne('PersonEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_task_person' })
  person?: object;
}
