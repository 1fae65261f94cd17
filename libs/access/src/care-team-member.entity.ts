import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ResponderGroup } from './role';

/**
 * An account in a person's care team: the care professionals and supporters whose plan names them.
 * Maintained by the plans library from each agreed or saved plan; read by the access policy and by
 * task assignment (named supporters' accounts first).
 */
@Entity({ name: 'care_team_member' })
export class CareTeamMemberEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'pk_care_team_member' })
  personId!: string;

  @Index('ix_care_team_member_account')
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'pk_care_team_member' })
  accountId!: string;

  /** The group whose safety-check task this member takes; null for facilitators and the person themself. */
  @Column({ name: 'responder_group', type: 'text', nullable: true })
  responderGroup!: ResponderGroup | null;

  /** PLAN: named in the person's plan (re-synced on every save); MANUAL: assigned by the municipality. */
  @Column({ type: 'text', default: 'PLAN' })
  source!: 'PLAN' | 'MANUAL';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne('PersonEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_care_team_member_person' })
  person?: object;

  @ManyToOne('AccountEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_care_team_member_account' })
  account?: object;
}
