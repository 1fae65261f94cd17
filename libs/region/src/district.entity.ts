import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** A welfare-volunteer district (民生委員の担当地区) inside a municipality. */
@Entity({ name: 'district' })
export class DistrictEntity {
  /** `<municipality code>-<nn>`, e.g. 13219-03. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_district' })
  code!: string;

  @Index('ix_district_municipality')
  @Column({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  @Column({ name: 'name_ja', type: 'text' })
  nameJa!: string;

  @ManyToOne('MunicipalityEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'municipality_code', foreignKeyConstraintName: 'fk_district_municipality' })
  municipality?: object;
}
