import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ColumnMapping } from './roster-columns';

/**
 * A municipality's saved column mapping for roster imports: which header of its CSV export holds each
 * Anpi field (`{"nameKana": "カナ氏名", …}`). One per municipality; saving replaces it.
 */
@Entity({ name: 'roster_import_mapping' })
export class RosterImportMappingEntity {
  @PrimaryColumn({ name: 'municipality_code', type: 'text', primaryKeyConstraintName: 'pk_roster_import_mapping' })
  municipalityCode!: string;

  /** Anpi field → CSV header. */
  @Column({ type: 'jsonb' })
  mapping!: ColumnMapping;

  @Column({ name: 'updated_by', type: 'uuid' })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @ManyToOne('MunicipalityEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'municipality_code', foreignKeyConstraintName: 'fk_roster_import_mapping_municipality' })
  municipality?: object;

  @ManyToOne('AccountEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_roster_import_mapping_updated_by' })
  updatedByAccount?: object;
}
