import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** A roster person inside an incident's area, materialised at generation (set-based). */
@Entity({ name: 'incident_person' })
@Index('ix_incident_person_person', ['personId'])
export class IncidentPersonEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid', primaryKeyConstraintName: 'pk_incident_person' })
  incidentId!: string;

  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'pk_incident_person' })
  personId!: string;

  @Column({ name: 'area_version', type: 'integer' })
  areaVersion!: number;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;

  @ManyToOne('IncidentEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_incident_person_incident' })
  incident?: object;

  @ManyToOne('PersonEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_incident_person_person' })
  person?: object;
}
