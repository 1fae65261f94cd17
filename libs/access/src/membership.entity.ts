import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Scopes an account to a municipality, or to one district of it (welfare volunteers).
 * Care-team membership, which is per person, lives in care_team_member.
 */
@Entity({ name: 'membership' })
@Index('uq_membership_scope', ['accountId', 'municipalityCode', 'districtCode'], { unique: true })
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_membership' })
  id!: string;

  @Index('ix_membership_account')
  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Column({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  /** Null for a whole-municipality membership. */
  @Column({ name: 'district_code', type: 'text', nullable: true })
  districtCode!: string | null;

  @ManyToOne('AccountEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_membership_account' })
  account?: object;
}
