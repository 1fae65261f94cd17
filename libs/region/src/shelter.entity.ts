import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export enum ShelterKind {
  EMERGENCY_SITE = 'EMERGENCY_SITE',
  SHELTER = 'SHELTER',
  WELFARE_SHELTER = 'WELFARE_SHELTER',
}

/** A GSI designated emergency evacuation site or shelter (指定緊急避難場所・指定避難所). */
@Entity({ name: 'shelter' })
@Index('ix_shelter_point', { synchronize: false })
export class ShelterEntity {
  /** GSI common ID (共通ID). */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_shelter' })
  id!: string;

  @Index('ix_shelter_municipality')
  @Column({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  @Column({ name: 'name_ja', type: 'text' })
  nameJa!: string;

  @Column({ type: 'text' })
  address!: string;

  @Column({ type: 'text' })
  kind!: ShelterKind;

  /** Hazards an emergency site is designated for (flood, earthquake, …); empty for shelters. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  hazards!: string[];

  @Column({ name: 'accepts_ja', type: 'text', nullable: true })
  acceptsJa!: string | null;

  @Column({ name: 'notes_ja', type: 'text', nullable: true })
  notesJa!: string | null;

  @Column({ type: 'double precision' })
  lat!: number;

  @Column({ type: 'double precision' })
  lng!: number;

  /** Set by municipal staff during an incident; a closed destination makes a person "cannot reach shelter". */
  @Column({ name: 'is_open', type: 'boolean', default: false })
  isOpen!: boolean;

  @Column({ type: 'text' })
  source!: string;

  @ManyToOne('MunicipalityEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'municipality_code', foreignKeyConstraintName: 'fk_shelter_municipality' })
  municipality?: object;
}
