import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CheckOutcome } from './task-status';

/**
 * A safety-check report: append-only (the database refuses UPDATE and DELETE). `client_event_id` is
 * made on the phone when the responder taps, so a tick replayed from an offline outbox counts once.
 */
@Entity({ name: 'check_event' })
@Index('ix_check_event_task', ['taskId', 'observedAt'])
@Index('ix_check_event_incident', ['incidentId', 'receivedAt'])
export class CheckEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_check_event' })
  id!: string;

  @Index('uq_check_event_client_event_id', { unique: true })
  @Column({ name: 'client_event_id', type: 'uuid' })
  clientEventId!: string;

  /** SHA-256 of the canonical payload: the same client id with a different payload is refused. */
  @Column({ name: 'payload_hash', type: 'text' })
  payloadHash!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Column({ name: 'by_coordinator', type: 'boolean', default: false })
  byCoordinator!: boolean;

  @Column({ type: 'text' })
  outcome!: CheckOutcome;

  @Column({ name: 'shelter_id', type: 'text', nullable: true })
  shelterId!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng!: number | null;

  /** e.g. STALE_AFTER_NEEDS_HELP, NOT_ASSIGNED_AT_RECEIPT: why a coordinator should look. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  flags!: string[];

  @ManyToOne('TaskEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_check_event_task' })
  task?: object;
}
