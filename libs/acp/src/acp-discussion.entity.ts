import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AcpCapacityStatus, AcpDisclosurePreference, AcpPlace, AcpValue } from './acp.enums';
import { AcpParticipant, AcpPreference, AcpSurrogate } from './acp-content';

/**
 * One ACP discussion (人生会議記録, DOMAIN §7.5): an immutable record of one conversation. The database
 * refuses UPDATE and DELETE; a correction is a new row pointing at the one it corrects (corrects_id,
 * at most one correction per row, so corrections form a chain) with a reason.
 */
@Entity({ name: 'acp_discussion' })
@Index('ix_acp_discussion_person', ['personId', 'heldAt'])
@Check('ck_acp_discussion_correction', `("corrects_id" IS NULL) = ("correction_reason" IS NULL)`)
export class AcpDiscussionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_acp_discussion' })
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'held_at', type: 'timestamptz' })
  heldAt!: Date;

  @Column({ type: 'text', nullable: true })
  place!: string | null;

  @Column({ name: 'facilitator_account_id', type: 'uuid' })
  facilitatorAccountId!: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  participants!: AcpParticipant[];

  @Column({ name: 'capacity_status', type: 'text', nullable: true })
  capacityStatus!: AcpCapacityStatus | null;

  @Column({ name: 'values_checklist', type: 'text', array: true, default: () => "'{}'" })
  valuesChecklist!: AcpValue[];

  @Column({ name: 'values_text', type: 'text', nullable: true })
  valuesText!: string | null;

  @Column({ name: 'preferred_place_of_care', type: 'text', nullable: true })
  preferredPlaceOfCare!: AcpPlace | null;

  @Column({ name: 'preferred_place_of_death', type: 'text', nullable: true })
  preferredPlaceOfDeath!: AcpPlace | null;

  @Column({ name: 'place_note', type: 'text', nullable: true })
  placeNote!: string | null;

  @Column({ name: 'disclosure_preference', type: 'text', nullable: true })
  disclosurePreference!: AcpDisclosurePreference | null;

  /** Life-sustaining treatment wishes by scenario. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  preferences!: AcpPreference[];

  /** Null: not discussed this time; []: discussed, nobody named. */
  @Column({ type: 'jsonb', nullable: true })
  surrogates!: AcpSurrogate[] | null;

  @Column({ name: 'comfort_wishes', type: 'text', nullable: true })
  comfortWishes!: string | null;

  @Column({ name: 'spiritual_wishes', type: 'text', nullable: true })
  spiritualWishes!: string | null;

  @Column({ name: 'after_death_wishes', type: 'text', nullable: true })
  afterDeathWishes!: string | null;

  @Column({ name: 'next_review_trigger', type: 'text', nullable: true })
  nextReviewTrigger!: string | null;

  @Column({ name: 'next_review_on', type: 'date', nullable: true })
  nextReviewOn!: string | null;

  @Column({ type: 'boolean', default: false })
  declined!: boolean;

  @Column({ name: 'declined_note', type: 'text', nullable: true })
  declinedNote!: string | null;

  @Index('uq_acp_discussion_corrects', { unique: true })
  @Column({ name: 'corrects_id', type: 'uuid', nullable: true })
  correctsId!: string | null;

  @Column({ name: 'correction_reason', type: 'text', nullable: true })
  correctionReason!: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @ManyToOne('PersonEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_acp_discussion_person' })
  person?: unknown;

  @ManyToOne('AccountEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'facilitator_account_id', foreignKeyConstraintName: 'fk_acp_discussion_facilitator' })
  facilitator?: unknown;

  @ManyToOne('AccountEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'fk_acp_discussion_recorded_by' })
  recorder?: unknown;

  @ManyToOne(() => AcpDiscussionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'corrects_id', foreignKeyConstraintName: 'fk_acp_discussion_corrects' })
  corrects?: unknown;
}
