import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Emergency access to one person's ACP (A) or emergency summary (E) outside the care team: a medical
 * responder in an active incident, with a reason and a fresh second factor, for a limited time.
 * Listed for review; admins are notified when one is opened.
 */
@Entity({ name: 'break_glass_grant' })
@Index('ix_break_glass_grant_lookup', ['accountId', 'personId', 'expiresAt'])
export class BreakGlassGrantEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_break_glass_grant' })
  id!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'review_note', type: 'text', nullable: true })
  reviewNote!: string | null;

  @ManyToOne('AccountEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_break_glass_grant_account' })
  account?: object;
}
