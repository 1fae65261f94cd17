import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One ring of a municipality's boundary as a core `polygon` in scaled coordinates (see GEO_SCALE).
 * ring_no 0 is a polygon's outer ring; higher numbers are its holes.
 */
@Entity({ name: 'municipality_area_part' })
@Index('ix_municipality_area_part_ring', { synchronize: false })
export class MunicipalityAreaPartEntity {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'pk_municipality_area_part' })
  id!: number;

  @Index('ix_municipality_area_part_code')
  @Column({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  @Column({ name: 'polygon_no', type: 'integer' })
  polygonNo!: number;

  @Column({ name: 'ring_no', type: 'integer' })
  ringNo!: number;

  @Column({ type: 'polygon' })
  ring!: string;

  @ManyToOne('MunicipalityEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'municipality_code', foreignKeyConstraintName: 'fk_municipality_area_part_municipality' })
  municipality?: object;
}
