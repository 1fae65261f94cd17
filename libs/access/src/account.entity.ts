import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from './role';

/** A personal account. Never shared; `login` is unique. */
@Entity({ name: 'account' })
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_account' })
  id!: string;

  @Index('uq_account_login', { unique: true })
  @Column({ type: 'text' })
  login!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** argon2id hash. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: Role;

  /** Organisation the person acts for (clinic, care office, district council, city hall…). */
  @Column({ type: 'text' })
  organisation!: string;

  /** Base32 TOTP secret once a second factor is enrolled (the access-policy issue uses it). */
  @Column({ name: 'totp_secret', type: 'text', nullable: true })
  totpSecret!: string | null;

  /** Secret shown at enrolment, moved to totp_secret once a code from it is confirmed. */
  @Column({ name: 'totp_pending_secret', type: 'text', nullable: true })
  totpPendingSecret!: string | null;

  /** Last TOTP time step accepted, so a code cannot be used twice. */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true })
  totpLastStep!: string | null;

  /** When the confidentiality pledge (守秘義務, art. 49-13) was accepted. */
  @Column({ name: 'pledge_accepted_at', type: 'timestamptz', nullable: true })
  pledgeAcceptedAt!: Date | null;

  @Column({ name: 'failed_login_count', type: 'integer', default: 0 })
  failedLoginCount!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /** Demo accounts exist only when demo data was asked for. */
  @Column({ name: 'is_demo', type: 'boolean', default: false })
  isDemo!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
