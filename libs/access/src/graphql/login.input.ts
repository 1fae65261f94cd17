import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

@InputType({ description: 'Credentials of a personal account.' })
export class LoginInput {
  @Field()
  @IsString()
  @Length(1, 200)
  login!: string;

  @Field()
  @IsString()
  @Length(1, 200)
  password!: string;

  @Field({ nullable: true, description: 'Six-digit code from the authenticator app, for accounts with a second factor.' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'totpCode must be six digits' })
  totpCode?: string;
}

@InputType()
export class RefreshSessionInput {
  @Field()
  @IsString()
  @MaxLength(200)
  refreshToken!: string;
}
