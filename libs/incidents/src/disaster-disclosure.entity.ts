import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The mayor's determination to share roster and plan data without consent for an incident area
 * (49-11(3), 49-15(3)): who decided, when, why, until when. It ends at expiry, when switched off, or
 * when the incident closes. Never covers ACP.
 */
@Entity({ name: 'disaster_disclosure' })
@Index('ix_disaster_disclosure_incident', ['incidentId'])
export class DisasterDisclosureEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_disaster_disclosure' })
  id!: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column({ name: 'decided_by', type: 'uuid' })
  decidedBy!: string;

  @CreateDateColumn({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'ended_by', type: 'uuid', nullable: true })
  endedBy!: string | null;

  @ManyToOne('IncidentEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_disaster_disclosure_incident' })
  incident?: object;
}
