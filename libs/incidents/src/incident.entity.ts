import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum IncidentKind {
  EARTHQUAKE = 'EARTHQUAKE',
  FLOOD = 'FLOOD',
  LANDSLIDE = 'LANDSLIDE',
  TYPHOON = 'TYPHOON',
  FIRE = 'FIRE',
  OTHER = 'OTHER',
}

export enum IncidentStatus {
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}

export enum GenerationStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
}

/** A declared incident (災害事案). Drills are incidents with is_drill, never mixed with real ones. */
@Entity({ name: 'incident' })
@Index('ix_incident_status', ['status', 'declaredAt'])
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_incident' })
  id!: string;

  @Column({ type: 'text' })
  kind!: IncidentKind;

  @Column({ type: 'text' })
  title!: string;

  /** 訓練: a drill. Shown as such everywhere; its tasks and counts are kept apart from real incidents. */
  @Column({ name: 'is_drill', type: 'boolean', default: false })
  isDrill!: boolean;

  @Column({ type: 'text', default: IncidentStatus.ACTIVE })
  status!: IncidentStatus;

  @Column({ name: 'declared_by', type: 'uuid' })
  declaredBy!: string;

  @CreateDateColumn({ name: 'declared_at', type: 'timestamptz' })
  declaredAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy!: string | null;

  /** MANUAL, JMA (seismic-intensity report) or CAP. */
  @Column({ type: 'text', default: 'MANUAL' })
  source!: string;

  /** The alert's identifier (JMA EventID / CAP identifier), so the same alert does not declare twice. */
  @Index('uq_incident_source_ref', { unique: true, where: '"source_ref" IS NOT NULL' })
  @Column({ name: 'source_ref', type: 'text', nullable: true })
  sourceRef!: string | null;

  /** Hours until power is expected back; device users whose backup runs out sooner come first. */
  @Column({ name: 'expected_outage_hours', type: 'integer', default: 12 })
  expectedOutageHours!: number;

  /** Incremented whenever the area widens; generation runs per version. */
  @Column({ name: 'area_version', type: 'integer', default: 1 })
  areaVersion!: number;

  @Column({ name: 'generation_status', type: 'text', default: GenerationStatus.PENDING })
  generationStatus!: GenerationStatus;
}
