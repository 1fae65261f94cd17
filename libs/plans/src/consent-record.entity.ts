import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** What a consent decision covers (DOMAIN §7.2). */
export enum ConsentScope {
  /** 名簿情報の平常時提供 (49-11(2)). */
  ROSTER_SHARE_NORMAL = 'ROSTER_SHARE_NORMAL',
  /** 個別避難計画の作成 (49-14(1)). */
  PLAN_CREATION = 'PLAN_CREATION',
  /** 計画情報の平常時提供 (49-15(2)). */
  PLAN_SHARE_NORMAL = 'PLAN_SHARE_NORMAL',
  /** The named supporter's own consent to their details being shared (49-15(2)). */
  SUPPORTER_PLAN_SHARE = 'SUPPORTER_PLAN_SHARE',
  /** ACP shared with the care team. */
  ACP_SHARE_TEAM = 'ACP_SHARE_TEAM',
  /** ACP emergency summary shared with medical responders in an incident. */
  ACP_SHARE_EMERGENCY = 'ACP_SHARE_EMERGENCY',
}

export enum ConsentDecision {
  AGREE = 'AGREE',
  DISAGREE = 'DISAGREE',
  /** 拒否申出: an explicit refusal (what opt-out and presumed-consent ordinances honour). */
  REFUSE = 'REFUSE',
  NO_ANSWER = 'NO_ANSWER',
  /** A later withdrawal of an earlier agreement. */
  WITHDRAWN = 'WITHDRAWN',
}

export enum ConsentMethod {
  WRITTEN = 'WRITTEN',
  ORAL = 'ORAL',
  ELECTRONIC = 'ELECTRONIC',
}

/**
 * One immutable consent decision per person, scope and time. The latest row per (person, scope,
 * supporter) is the one in force; a withdrawal is a new row. The database refuses UPDATE and DELETE.
 */
@Entity({ name: 'consent_record' })
@Index('ix_consent_record_person_scope', ['personId', 'scope', 'obtainedAt'])
export class ConsentRecordEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_consent_record' })
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'text' })
  scope!: ConsentScope;

  /** For SUPPORTER_PLAN_SHARE: the supporter (their id within the plan) who consented. */
  @Column({ name: 'supporter_key', type: 'text', nullable: true })
  supporterKey!: string | null;

  @Column({ type: 'text' })
  decision!: ConsentDecision;

  /** explicit_consent, ordinance_presumed, ordinance_optout, ordinance_no_consent. */
  @Column({ name: 'legal_basis', type: 'text' })
  legalBasis!: string;

  @Column({ name: 'recipients_allowed', type: 'text', array: true, default: () => "'{}'" })
  recipientsAllowed!: string[];

  /** The explanation shown (49-14(2) duty to explain), with its version. */
  @Column({ name: 'explained_items', type: 'text' })
  explainedItems!: string;

  @Column({ name: 'obtained_by', type: 'uuid' })
  obtainedBy!: string;

  @Column({ name: 'obtained_at', type: 'timestamptz' })
  obtainedAt!: Date;

  @Column({ type: 'text' })
  method!: ConsentMethod;

  /** 本人 / 代理人(続柄) / 成年後見人. */
  @Column({ name: 'signer_relation', type: 'text' })
  signerRelation!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @ManyToOne('PersonEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_consent_record_person' })
  person?: object;
}
