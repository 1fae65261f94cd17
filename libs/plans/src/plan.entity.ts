import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export enum PlanStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  AGREED = 'AGREED',
}

/** The head of a person's individual evacuation plan (個別避難計画): which revision is current, and its status. */
@Entity({ name: 'plan' })
export class PlanEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'pk_plan' })
  personId!: string;

  @Column({ name: 'current_revision', type: 'integer' })
  currentRevision!: number;

  @Column({ type: 'text', default: PlanStatus.DRAFT })
  status!: PlanStatus;

  @Column({ name: 'next_review_at', type: 'date', nullable: true })
  nextReviewAt!: string | null;

  @Column({ name: 'agreed_at', type: 'timestamptz', nullable: true })
  agreedAt!: Date | null;

  /** The revision the person agreed to; a later save makes a new draft that needs agreeing again. */
  @Column({ name: 'agreed_revision', type: 'integer', nullable: true })
  agreedRevision!: number | null;

  @Column({ name: 'agreed_by', type: 'uuid', nullable: true })
  agreedBy!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @ManyToOne('PersonEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_plan_person' })
  person?: object;
}
