import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** A comment on one revision of a plan, for teams reviewing a draft together. */
@Entity({ name: 'plan_comment' })
@Index('ix_plan_comment_person_revision', ['personId', 'revision'])
export class PlanCommentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_plan_comment' })
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'author_account_id', type: 'uuid' })
  authorAccountId!: string;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne('PersonEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_plan_comment_person' })
  person?: object;

  @ManyToOne('AccountEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'author_account_id', foreignKeyConstraintName: 'fk_plan_comment_author' })
  author?: object;
}
