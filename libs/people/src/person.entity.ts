import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { CareLevel, Household, RosterStatus, Sex } from './person.enums';

/**
 * A roster entry (避難行動要支援者). The legal items of art. 49-10(2) plus what safety checks need.
 * Location is WGS 84 lat/lng; containment and map viewports use the scaled expression index ix_person_point
 * (GiST, carrying id, lat and lng for index-only viewport scans).
 */
@Entity({ name: 'person' })
@Index('ix_person_point', { synchronize: false })
@Index('uq_person_external_id', ['municipalityCode', 'externalId'], { unique: true, where: '"external_id" IS NOT NULL' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_person' })
  id!: string;

  /** Id in the municipality's own system, used to match re-imports. */
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Index('ix_person_municipality')
  @Column({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  @Index('ix_person_district')
  @Column({ name: 'district_code', type: 'text', nullable: true })
  districtCode!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'name_kana', type: 'text' })
  nameKana!: string;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ type: 'text' })
  sex!: Sex;

  @Column({ type: 'text' })
  address!: string;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ name: 'other_contacts', type: 'jsonb', default: () => "'[]'" })
  otherContacts!: string[];

  @Column({ type: 'double precision' })
  lat!: number;

  @Column({ type: 'double precision' })
  lng!: number;

  @Column({ name: 'support_reasons', type: 'text', array: true, default: () => "'{}'" })
  supportReasons!: string[];

  @Column({ name: 'support_reason_note', type: 'text', nullable: true })
  supportReasonNote!: string | null;

  @Column({ name: 'medical_dependencies', type: 'text', array: true, default: () => "'{}'" })
  medicalDependencies!: string[];

  @Column({ name: 'care_level', type: 'text', default: CareLevel.NONE })
  careLevel!: CareLevel;

  @Column({ type: 'text' })
  household!: Household;

  @Column({ name: 'hazard_flags', type: 'text', array: true, default: () => "'{}'" })
  hazardFlags!: string[];

  @Column({ name: 'roster_status', type: 'text', default: RosterStatus.LISTED })
  rosterStatus!: RosterStatus;

  @Column({ name: 'roster_excluded_reason', type: 'text', nullable: true })
  rosterExcludedReason!: string | null;

  /** Why the location lies outside the municipality's boundary, when staff placed it there on purpose. */
  @Column({ name: 'location_override_reason', type: 'text', nullable: true })
  locationOverrideReason!: string | null;

  /** Stored priority (see priority.ts), refreshed when the person or their plan changes; orders lists and checks. */
  @Index('ix_person_priority')
  @Column({ name: 'priority_score', type: 'integer', default: 0 })
  priorityScore!: number;

  @Column({ name: 'priority_factors', type: 'text', array: true, default: () => "'{}'" })
  priorityFactors!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;

  @ManyToOne('MunicipalityEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'municipality_code', foreignKeyConstraintName: 'fk_person_municipality' })
  municipality?: object;
}
