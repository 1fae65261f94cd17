import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { PlanContent } from './plan-content';

/** One immutable save of a plan: who, when, which fields changed, and the whole content. */
@Entity({ name: 'plan_revision' })
@Index('uq_plan_revision', ['personId', 'revision'], { unique: true })
export class PlanRevisionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_plan_revision' })
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'jsonb' })
  content!: PlanContent;

  @Column({ name: 'changed_fields', type: 'text', array: true, default: () => "'{}'" })
  changedFields!: string[];

  @Column({ name: 'author_account_id', type: 'uuid' })
  authorAccountId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne('PersonEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_plan_revision_person' })
  person?: object;

  @ManyToOne('AccountEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'author_account_id', foreignKeyConstraintName: 'fk_plan_revision_author' })
  author?: object;
}
