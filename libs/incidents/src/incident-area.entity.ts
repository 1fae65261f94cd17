import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** One part of an incident's area: a whole municipality, or a drawn/uploaded polygon. */
@Entity({ name: 'incident_area' })
@Index('ix_incident_area_incident', ['incidentId'])
export class IncidentAreaEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_incident_area' })
  id!: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  /** MUNICIPALITY or POLYGON. */
  @Column({ type: 'text' })
  kind!: 'MUNICIPALITY' | 'POLYGON';

  @Column({ name: 'municipality_code', type: 'text', nullable: true })
  municipalityCode!: string | null;

  /** GeoJSON Polygon or MultiPolygon coordinates for POLYGON parts. */
  @Column({ type: 'jsonb', nullable: true })
  geometry!: Record<string, unknown> | null;

  @Column({ name: 'area_version', type: 'integer' })
  areaVersion!: number;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;

  @Column({ name: 'added_by', type: 'uuid' })
  addedBy!: string;

  @ManyToOne('IncidentEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_incident_area_incident' })
  incident?: object;
}

/** A ring of a POLYGON area part as a scaled core polygon (see GEO_SCALE), for GiST containment. */
@Entity({ name: 'incident_area_ring' })
@Index('ix_incident_area_ring_ring', { synchronize: false })
@Index('ix_incident_area_ring_area', ['areaId'])
export class IncidentAreaRingEntity {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_incident_area_ring' })
  id!: number;

  @Column({ name: 'area_id', type: 'uuid' })
  areaId!: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column({ name: 'polygon_no', type: 'integer' })
  polygonNo!: number;

  @Column({ name: 'ring_no', type: 'integer' })
  ringNo!: number;

  @Column({ type: 'polygon' })
  ring!: string;

  @ManyToOne('IncidentAreaEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'area_id', foreignKeyConstraintName: 'fk_incident_area_ring_area' })
  area?: object;
}
