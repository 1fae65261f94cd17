import { Args, Field, InputType, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { IsString, Length, Matches } from 'class-validator';
import { AccountService } from '../account.service';
import { Actor } from '../actor';
import { CurrentActor } from './current-actor.decorator';

@ObjectType('TotpEnrollment', { description: 'A new one-time-code secret to add to an authenticator app; confirm it with a code.' })
export class TotpEnrollmentModel {
  @Field({ description: 'Base32 secret, for typing in by hand.' })
  secret!: string;

  @Field({ description: 'otpauth:// URI, for a QR code.' })
  otpauthUri!: string;
}

@InputType()
export class ConfirmTotpInput {
  @Field()
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @Length(1, 200)
  currentPassword!: string;

  @Field({ description: 'At least 13 characters, or at least 8 with a second factor set up.' })
  @IsString()
  @Length(1, 200)
  newPassword!: string;
}

@Resolver()
export class AccountSettingsResolver {
  constructor(private readonly accounts: AccountService) {}

  @Mutation(() => TotpEnrollmentModel, { description: 'Starts setting up a TOTP second factor for this account.' })
  startTotpEnrollment(@CurrentActor() actor: Actor): Promise<TotpEnrollmentModel> {
    return this.accounts.startTotpEnrollment(actor);
  }

  @Mutation(() => Boolean, { description: 'Finishes TOTP set-up with a code from the app. Log in again to get a two-factor session.' })
  async confirmTotpEnrollment(@CurrentActor() actor: Actor, @Args('input') input: ConfirmTotpInput): Promise<boolean> {
    await this.accounts.confirmTotpEnrollment(actor, input.code);
    return true;
  }

  @Mutation(() => Date, { description: 'Accepts the confidentiality pledge (守秘義務, art. 49-13/49-17); needed before any personal data is shown.' })
  acceptConfidentialityPledge(@CurrentActor() actor: Actor): Promise<Date> {
    return this.accounts.acceptPledge(actor);
  }

  @Mutation(() => Boolean, { description: 'Changes the password; other sessions of the account end.' })
  async changePassword(@CurrentActor() actor: Actor, @Args('input') input: ChangePasswordInput): Promise<boolean> {
    await this.accounts.changePassword(actor, input.currentPassword, input.newPassword);
    return true;
  }
}
