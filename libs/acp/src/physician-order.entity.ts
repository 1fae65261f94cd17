import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PhysicianOrderCode, PhysicianOrderKind, PhysicianOrderStatus } from './acp.enums';

/**
 * A physician order (医師指示: DNAR, initial treatment scope, artificial nutrition; POLST-like PMO),
 * kept apart from the person's wishes. Recorded only by home-care doctors. Immutable: a later order of
 * the same kind replaces it, or withdraws it (status WITHDRAWN).
 */
@Entity({ name: 'acp_physician_order' })
@Index('ix_acp_physician_order_person', ['personId', 'kind', 'orderedAt'])
export class PhysicianOrderEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_acp_physician_order' })
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'text' })
  kind!: PhysicianOrderKind;

  @Column({ type: 'text' })
  code!: PhysicianOrderCode;

  @Column({ type: 'text', default: PhysicianOrderStatus.ACTIVE })
  status!: PhysicianOrderStatus;

  @Column({ type: 'text', nullable: true })
  instructions!: string | null;

  @Column({ name: 'ordered_at', type: 'timestamptz' })
  orderedAt!: Date;

  @Column({ name: 'ordered_by', type: 'uuid' })
  orderedBy!: string;

  /** The discussion the order was based on, if any. */
  @Column({ name: 'basis_discussion_id', type: 'uuid', nullable: true })
  basisDiscussionId!: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @ManyToOne('PersonEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_acp_physician_order_person' })
  person?: unknown;

  @ManyToOne('AccountEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'ordered_by', foreignKeyConstraintName: 'fk_acp_physician_order_ordered_by' })
  doctor?: unknown;

  @ManyToOne('AcpDiscussionEntity', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'basis_discussion_id', foreignKeyConstraintName: 'fk_acp_physician_order_basis' })
  basis?: unknown;
}
