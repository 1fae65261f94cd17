import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { MultiPolygonCoords } from '@anpi/core';

/** How the municipality's ordinance lets roster data reach designated recipients in normal times (DOMAIN §8.3). */
export enum OrdinancePattern {
  EXPLICIT_CONSENT = 'EXPLICIT_CONSENT',
  PRESUMED_CONSENT = 'PRESUMED_CONSENT',
  OPT_OUT = 'OPT_OUT',
}

@Entity({ name: 'municipality' })
export class MunicipalityEntity {
  /** JIS X 0402 five-digit code, e.g. 13219 for 狛江市. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_municipality' })
  code!: string;

  @Column({ name: 'name_ja', type: 'text' })
  nameJa!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  /** GeoJSON MultiPolygon coordinates in WGS 84 lng/lat, as loaded; containment uses municipality_area_part. */
  @Column({ type: 'jsonb' })
  boundary!: MultiPolygonCoords;

  @Column({ name: 'ordinance_pattern', type: 'text', default: OrdinancePattern.EXPLICIT_CONSENT })
  ordinancePattern!: OrdinancePattern;

  /** Recipient organisation kinds named in the local disaster plan (地域防災計画), e.g. WELFARE_VOLUNTEER. */
  @Column({ name: 'designated_recipients', type: 'text', array: true, default: () => "'{}'" })
  designatedRecipients!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
