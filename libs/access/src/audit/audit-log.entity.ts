import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum AuditAction {
  READ = 'READ',
  WRITE = 'WRITE',
  DENY = 'DENY',
  EXPORT = 'EXPORT',
  LOGIN = 'LOGIN',
  LOGIN_FAILED = 'LOGIN_FAILED',
  LOGOUT = 'LOGOUT',
  BREAK_GLASS = 'BREAK_GLASS',
  DISCLOSURE = 'DISCLOSURE',
  REVIEW = 'REVIEW',
}

/**
 * The append-only access log (MHLW 6.0 §17; DOMAIN §8.2). The database refuses UPDATE (except the
 * one-time sealing of chain_seq/chain_hash), DELETE and TRUNCATE on this table by trigger. The sealing
 * job links rows into a SHA-256 hash chain so an edit by a database superuser is detectable.
 */
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_person', ['personId', 'at'])
@Index('ix_audit_log_account', ['accountId', 'at'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_audit_log' })
  id!: string;

  /** Server clock (PostgreSQL now()), never the client's. */
  @Index('ix_audit_log_at')
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ name: 'account_id', type: 'uuid', nullable: true })
  accountId!: string | null;

  @Column({ type: 'text', nullable: true })
  role!: string | null;

  @Column({ type: 'text', nullable: true })
  organisation!: string | null;

  @Column({ type: 'text' })
  action!: AuditAction;

  /** R roster, P plan, M medical devices, A ACP, E ACP emergency summary. */
  @Column({ name: 'data_class', type: 'text', nullable: true })
  dataClass!: string | null;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  @Column({ type: 'text', nullable: true })
  purpose!: string | null;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId!: string | null;

  @Column({ name: 'break_glass', type: 'boolean', default: false })
  breakGlass!: boolean;

  /** ALLOW, REDACT or DENY for policy decisions. */
  @Column({ type: 'text', nullable: true })
  decision!: string | null;

  /** Operation, reason and other context; never the personal data itself. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail!: Record<string, unknown>;

  @Index('uq_audit_log_chain_seq', { unique: true })
  @Column({ name: 'chain_seq', type: 'bigint', nullable: true })
  chainSeq!: string | null;

  @Column({ name: 'chain_hash', type: 'text', nullable: true })
  chainHash!: string | null;
}
